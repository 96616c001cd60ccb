/// A grey threshold: a fixed value (the reference's choice) or chosen from the
/// image itself so a new scanner needs no hand tuning.
public enum ThresholdChoice: Sendable, Codable, Equatable, CustomStringConvertible {
    /// Foreground is `value > threshold`, as the reference's `im > T`.
    case fixed(Float)
    /// Otsu's threshold (`Imaging.Threshold.otsu`, as scikit-image `threshold_otsu`) of the grey values
    /// inside the can, i.e. of the region that holds the winding only; foreground
    /// is `value > threshold`.
    case otsuInsideCan
    /// A level chosen from the scan once and applied to every slice (foreground
    /// is `value > level`); `from` says how, e.g. "Otsu inside the can of slice 28".
    case automatic(Float, from: String)

    public var description: String {
        switch self {
        case .fixed(let t): "fixed \(t)"
        case .otsuInsideCan: "Otsu inside the can"
        case .automatic(_, let from): from
        }
    }
}
