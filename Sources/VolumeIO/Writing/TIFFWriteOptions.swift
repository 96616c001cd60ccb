import Imaging

/// How `TIFFWriter` / `TIFFStreamWriter` encode pages.
public struct TIFFWriteOptions: Sendable, Hashable {
    public var compression: TIFFCompression
    public var byteOrder: TIFFByteOrder
    /// Written as the tag only; samples are stored exactly as given.
    public var photometric: TIFFPhotometric
    /// nil: strips of about 64 KiB, the size libtiff and most readers like best.
    public var layout: TIFFTileLayout?
    /// Horizontal differencing before LZW/Deflate (8/16-bit; the floating-point
    /// predictor for float32): lossless, and smaller files for CT slices.
    public var predictor: Bool
    /// Written as XResolution/YResolution in pixels per centimetre
    /// (ResolutionUnit 3). TIFF has no z tag: a reader takes z = x unless told.
    public var voxelSize: VoxelSize?
    /// BigTIFF (64-bit offsets), needed past 4 GiB. nil: BigTIFF when the
    /// expected size of the file (pages × slice bytes) exceeds 3.5 GiB.
    public var bigTIFF: Bool?

    public init(compression: TIFFCompression = .none, byteOrder: TIFFByteOrder = .littleEndian,
                photometric: TIFFPhotometric = .minIsBlack, layout: TIFFTileLayout? = nil,
                predictor: Bool = true, voxelSize: VoxelSize? = nil, bigTIFF: Bool? = nil) {
        self.compression = compression
        self.byteOrder = byteOrder
        self.photometric = photometric
        self.layout = layout
        self.predictor = predictor
        self.voxelSize = voxelSize
        self.bigTIFF = bigTIFF
    }
}
