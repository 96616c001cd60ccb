import Imaging

/// Anything that segments electrode overhangs in one angular section.
///
/// The contract: `probability(_:)` returns an image of the section's size whose
/// pixels are the probability (0…1) that the pixel belongs to an overhang, i.e. the
/// part of an anode that reaches beyond the end of the cathode beside it. The
/// analysis thresholds it at ``threshold`` (0.9, as the reference workflow does
/// with its U-Net output) and labels the connected regions. The classical
/// segmenter (``ClassicalOverhangSegmenter``, the default) returns 0 or 1; a model
/// (e.g. an exported U-Net run through OpenCV dnn) may return soft values.
public protocol OverhangSegmenter: Sendable {
    func probability(_ section: AngularSection) -> GrayImage
}

extension OverhangSegmenter {
    /// The probability above which a pixel counts as overhang (the reference's 0.9).
    public static var threshold: Float { 0.9 }
}
