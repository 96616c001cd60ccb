import Imaging

/// What a segmenter found in one section (rows with the outer face toward row 0).
public struct SectionSegmentation: Sendable {
    /// Overhang regions labelled 1, 2, … (0 = background), local to the section.
    public var labels: Image<Int32>
    /// Every anode end measured, with its signed overhang (negative ones too).
    public var ends: [LayerEnd]
    /// Sub-pixel column of the anode centre line per region row (first region row
    /// first), keyed by local label: the deflection is fitted to it.
    public var tracks: [Int: [Double]]

    public init(labels: Image<Int32>, ends: [LayerEnd], tracks: [Int: [Double]]) {
        self.labels = labels
        self.ends = ends
        self.tracks = tracks
    }

    /// Nothing found in a section of `image`'s size.
    public static func empty(like image: GrayImage) -> SectionSegmentation {
        SectionSegmentation(labels: Image(width: image.width, height: image.height, repeating: 0), ends: [], tracks: [:])
    }
}
