/// How a section's grey values become the network's input values.
public enum InputNormalisation: String, Sendable, CaseIterable {
    /// Values passed unchanged (a network trained on raw grey values).
    case identity
    /// Linear stretch of the section's own minimum…maximum to 0…1 (a constant
    /// section becomes all 0).
    case minMax
    /// `minMax`, then per channel `(x - mean) / std` with the ImageNet statistics
    /// (mean 0.485, 0.456, 0.406; std 0.229, 0.224, 0.225), as networks with an
    /// ImageNet-pretrained encoder (the reference's ResNet-50 U-Net) expect.
    /// For a one-channel input the first (red) statistics apply.
    case imageNet

    static let imageNetMean: [Float] = [0.485, 0.456, 0.406]
    static let imageNetStd: [Float] = [0.229, 0.224, 0.225]

    /// The NCHW planes (`channels` copies of the stretched image, each normalised).
    func planes(_ pixels: [Float], channels: Int) -> [Float] {
        if self == .identity {
            return [[Float]](repeating: pixels, count: channels).flatMap { $0 }
        }
        let lo = pixels.min() ?? 0, hi = pixels.max() ?? 0
        let scale: Float = hi > lo ? 1 / (hi - lo) : 0
        let stretched = pixels.map { ($0 - lo) * scale }
        var out = [Float]()
        out.reserveCapacity(stretched.count * channels)
        for c in 0..<channels {
            switch self {
            case .identity, .minMax:
                out.append(contentsOf: stretched)
            case .imageNet:
                let i = min(c, Self.imageNetMean.count - 1)
                let mean = Self.imageNetMean[i], inverseStd = 1 / Self.imageNetStd[i]
                out.append(contentsOf: stretched.map { ($0 - mean) * inverseStd })
            }
        }
        return out
    }
}
