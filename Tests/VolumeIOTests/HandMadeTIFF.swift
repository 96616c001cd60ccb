import Foundation
import Testing

/// Builds little-endian classic TIFF files byte by byte, so tests can produce
/// headers libtiff would refuse to write (12-bit, signed, RGB, JPEG, absurd sizes,
/// data cut short, ImageJ descriptions). Layout: header, one IFD at offset 8,
/// then out-of-line values, then the pixel data of a single strip.
struct HandMadeTIFF: Sendable, CustomTestStringConvertible {
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
    var imageDescription: String? = nil
    /// X/YResolution as a fraction, with ResolutionUnit.
    var resolution: (numerator: UInt32, denominator: UInt32, unit: UInt16)? = nil

    var testDescription: String {
        "\(width)×\(height) bps \(bitsPerSample) spp \(samplesPerPixel) format \(sampleFormat) "
            + "photometric \(photometric) compression \(compression)"
    }

    private enum Field {
        case short([UInt16]), long([UInt32]), ascii(String), rational(UInt32, UInt32)
        var type: UInt16 {
            switch self { case .short: 3; case .long: 4; case .ascii: 2; case .rational: 5 }
        }
        var count: Int {
            switch self {
            case .short(let v): v.count
            case .long(let v): v.count
            case .ascii(let s): s.utf8.count + 1
            case .rational: 1
            }
        }
        var bytes: [UInt8] {
            switch self {
            case .short(let values): values.flatMap { HandMadeTIFF.le16($0) }
            case .long(let values): values.flatMap { HandMadeTIFF.le32($0) }
            case .ascii(let text): Array(text.utf8) + [0]
            case .rational(let n, let d): HandMadeTIFF.le32(n) + HandMadeTIFF.le32(d)
            }
        }
    }

    func bytes() -> [UInt8] {
        let rowBytes = (Int(width) * Int(bitsPerSample) * Int(samplesPerPixel) + 7) / 8
        let data = pixelData ?? [UInt8](repeating: 7, count: min(rowBytes * Int(height), 1 << 20))
        var fields: [(UInt16, Field)] = [
            (256, .long([width])), (257, .long([height])),
            (258, .short(Array(repeating: bitsPerSample, count: Int(samplesPerPixel)))),
            (259, .short([compression])), (262, .short([photometric])),
            (273, .long([0])),  // StripOffsets, patched below
            (277, .short([samplesPerPixel])), (278, .long([height])),
            (279, .long([declaredByteCount ?? UInt32(data.count)])),
            (339, .short(Array(repeating: sampleFormat, count: Int(samplesPerPixel)))),
        ]
        if colorMap {
            let ramp = (0..<(1 << Int(bitsPerSample))).map { UInt16($0 * 257) }
            fields.append((320, .short(ramp + ramp + ramp)))
        }
        if let imageDescription { fields.append((270, .ascii(imageDescription))) }
        if let resolution {
            fields.append((282, .rational(resolution.numerator, resolution.denominator)))
            fields.append((283, .rational(resolution.numerator, resolution.denominator)))
            fields.append((296, .short([resolution.unit])))
        }
        fields.sort { $0.0 < $1.0 }

        let extraStart = 8 + 2 + fields.count * 12 + 4
        let extraLength = fields.reduce(0) { $0 + ($1.1.bytes.count > 4 ? $1.1.bytes.count : 0) }
        let stripIndex = fields.firstIndex { $0.0 == 273 }!
        fields[stripIndex].1 = .long([UInt32(extraStart + extraLength)])

        var out: [UInt8] = [0x49, 0x49, 42, 0] + Self.le32(8) + Self.le16(UInt16(fields.count))
        var extra: [UInt8] = []
        for (tag, field) in fields {
            out += Self.le16(tag) + Self.le16(field.type) + Self.le32(UInt32(field.count))
            let value = field.bytes
            if value.count <= 4 {
                out += value + [UInt8](repeating: 0, count: 4 - value.count)
            } else {
                out += Self.le32(UInt32(extraStart + extra.count))
                extra += value
            }
        }
        out += Self.le32(0)  // no next IFD
        return out + extra + data
    }

    func write(to path: String) throws {
        try Data(bytes()).write(to: URL(fileURLWithPath: path))
    }

    static func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    static func le32(_ value: UInt32) -> [UInt8] {
        [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF), UInt8((value >> 16) & 0xFF), UInt8(value >> 24)]
    }
}
