/// Stored voxels (any `RawElementType`, either byte order) to `Float`.
///
/// Loads are unaligned: a header skip of any length puts the block at any address.
enum RawSampleDecoder {
    static func decode(_ source: UnsafeRawPointer, count: Int, as type: RawElementType, byteOrder: RawByteOrder,
                       into output: UnsafeMutablePointer<Float>) {
        let big = byteOrder == .bigEndian
        switch type {
        case .uint8:
            let bytes = source.assumingMemoryBound(to: UInt8.self)
            for i in 0..<count { output[i] = Float(bytes[i]) }
        case .int8:
            let bytes = source.assumingMemoryBound(to: Int8.self)
            for i in 0..<count { output[i] = Float(bytes[i]) }
        case .uint16:
            for i in 0..<count { output[i] = Float(load(UInt16.self, source, i, big)) }
        case .int16:
            for i in 0..<count { output[i] = Float(Int16(bitPattern: load(UInt16.self, source, i, big))) }
        case .uint32:
            for i in 0..<count { output[i] = Float(load(UInt32.self, source, i, big)) }
        case .int32:
            for i in 0..<count { output[i] = Float(Int32(bitPattern: load(UInt32.self, source, i, big))) }
        case .float32:
            for i in 0..<count { output[i] = Float(bitPattern: load(UInt32.self, source, i, big)) }
        case .float64:
            for i in 0..<count { output[i] = Float(Double(bitPattern: load(UInt64.self, source, i, big))) }
        }
    }

    @inline(__always)
    private static func load<T: FixedWidthInteger>(_: T.Type, _ source: UnsafeRawPointer, _ index: Int, _ big: Bool) -> T {
        let stored = source.loadUnaligned(fromByteOffset: index &* MemoryLayout<T>.size, as: T.self)
        return big ? T(bigEndian: stored) : T(littleEndian: stored)
    }
}

/// `Float` grey values to stored voxels, for the writers: integers rounded to
/// nearest and clamped to the type's range (as `RawSlice.init(_:as:)` does).
enum RawSampleEncoder {
    static func encode(_ values: [Float], as type: RawElementType, byteOrder: RawByteOrder) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: values.count * type.byteCount)
        let big = byteOrder == .bigEndian
        bytes.withUnsafeMutableBytes { out in
            func clamp(_ value: Float) -> Double {
                guard let range = type.integerRange else { return Double(value) }
                return Swift.min(range.upperBound, Swift.max(range.lowerBound, Double(value).rounded()))
            }
            func store<T: FixedWidthInteger>(_ value: T, _ index: Int) {
                out.storeBytes(of: big ? value.bigEndian : value.littleEndian,
                               toByteOffset: index * MemoryLayout<T>.size, as: T.self)
            }
            for (i, value) in values.enumerated() {
                switch type {
                case .uint8: out[i] = UInt8(clamp(value))
                case .int8: out[i] = UInt8(bitPattern: Int8(clamp(value)))
                case .uint16: store(UInt16(clamp(value)), i)
                case .int16: store(UInt16(bitPattern: Int16(clamp(value))), i)
                case .uint32: store(UInt32(clamp(value)), i)
                case .int32: store(UInt32(bitPattern: Int32(clamp(value))), i)
                case .float32: store(value.bitPattern, i)
                case .float64: store(Double(value).bitPattern, i)
                }
            }
        }
        return bytes
    }
}
