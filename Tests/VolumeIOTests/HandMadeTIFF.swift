import Foundation

/// Builds little-endian classic TIFF files byte by byte, so tests can produce
/// headers libtiff would refuse to write (12-bit, signed, RGB, JPEG, absurd sizes,
/// data cut short). Layout: header, one IFD at offset 8, then out-of-line values,
/// then the pixel data of a single strip.
struct HandMadeTIFF {
    var width: UInt32 = 8
    var height: UInt32 = 8
    var bitsPerSample: UInt16 = 8
    var samplesPerPixel: UInt16 = 1
    var sampleFormat: UInt16 = 1
    var photometric: UInt16 = 1
    var compression: UInt16 = 1
    /// nil: as many bytes as the declared size needs (capped at 1 MiB).
    var pixelData: [UInt8]? = nil
    /// Declared StripByteCounts; nil: the real length of `pixelData`.
    var declaredByteCount: UInt32? = nil
    /// Adds a ColorMap (a grey ramp), which libtiff requires before it believes Palette.
    var colorMap = false

    func bytes() -> [UInt8] {
        let rowBytes = (Int(width) * Int(bitsPerSample) * Int(samplesPerPixel) + 7) / 8
        let data = pixelData ?? [UInt8](repeating: 7, count: min(rowBytes * Int(height), 1 << 20))
        // (tag, type, values); type 3 SHORT, 4 LONG.
        var entries: [(UInt16, UInt16, [UInt32])] = [
            (256, 4, [width]), (257, 4, [height]),
            (258, 3, Array(repeating: UInt32(bitsPerSample), count: Int(samplesPerPixel))),
            (259, 3, [UInt32(compression)]), (262, 3, [UInt32(photometric)]),
            (273, 4, [0]),  // patched below
            (277, 3, [UInt32(samplesPerPixel)]), (278, 4, [height]),
            (279, 4, [declaredByteCount ?? UInt32(data.count)]),
        ]
        if colorMap {
            let ramp = (0..<(1 << Int(bitsPerSample))).map { UInt32($0 * 257) }
            entries.append((320, 3, ramp + ramp + ramp))
        }
        entries += [
            (339, 3, Array(repeating: UInt32(sampleFormat), count: Int(samplesPerPixel))),
        ]
        let ifdSize = 2 + entries.count * 12 + 4
        var extra: [UInt8] = []
        let extraStart = 8 + ifdSize
        func size(_ type: UInt16) -> Int { type == 3 ? 2 : 4 }
        let extraLength = entries.reduce(0) { $0 + ($1.2.count * size($1.1) > 4 ? $1.2.count * size($1.1) : 0) }
        let dataOffset = UInt32(extraStart + extraLength)
        entries[5].2 = [dataOffset]

        var out: [UInt8] = [0x49, 0x49, 42, 0]
        append32(8, to: &out)
        append16(UInt16(entries.count), to: &out)
        for (tag, type, values) in entries {
            append16(tag, to: &out)
            append16(type, to: &out)
            append32(UInt32(values.count), to: &out)
            var field: [UInt8] = []
            for value in values {
                if type == 3 { append16(UInt16(value), to: &field) } else { append32(value, to: &field) }
            }
            if field.count <= 4 {
                out += field + [UInt8](repeating: 0, count: 4 - field.count)
            } else {
                append32(UInt32(extraStart + extra.count), to: &out)
                extra += field
            }
        }
        append32(0, to: &out)  // no next IFD
        return out + extra + data
    }

    func write(to path: String) throws {
        try Data(bytes()).write(to: URL(fileURLWithPath: path))
    }

    private func append16(_ value: UInt16, to bytes: inout [UInt8]) {
        bytes += [UInt8(value & 0xFF), UInt8(value >> 8)]
    }

    private func append32(_ value: UInt32, to bytes: inout [UInt8]) {
        bytes += [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF), UInt8((value >> 16) & 0xFF), UInt8(value >> 24)]
    }
}
