/// Byte order of a TIFF file's header and multi-byte samples. libtiff converts
/// samples to host order on read and from host order on write.
public enum TIFFByteOrder: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// "II": Intel, little-endian.
    case littleEndian
    /// "MM": Motorola, big-endian.
    case bigEndian

    /// The libtiff open-mode letter that selects this order when writing.
    var modeLetter: String { self == .littleEndian ? "l" : "b" }

    public var description: String { self == .littleEndian ? "little-endian" : "big-endian" }
}
