/// Which components `removeSmallObjects` drops: scikit-image changed the rule in 0.26.
public enum SmallObjectRule: String, Sendable, Codable {
    /// scikit-image < 0.26 (`min_size`): remove components with fewer than `size` pixels.
    case fewerThan
    /// scikit-image 0.26 (`max_size`, and deprecated `min_size`): remove components
    /// with `size` pixels or fewer.
    case atMost

    /// The rule of the scikit-image version pinned by the reference implementation
    /// (Benchmarks/reference/requirements.txt).
    public static let reference: SmallObjectRule = .atMost
}

extension BinaryMorphology {
    /// As scikit-image `morphology.remove_small_objects(mask, size, connectivity)`:
    /// label the foreground (default 4-connectivity, skimage's `connectivity=1`)
    /// and clear every component that is small under `rule`.
    /// The reference calls it with the defaults: size 64, connectivity 1.
    public static func removeSmallObjects(
        _ mask: Mask, minSize size: Int = 64, connectivity: Connectivity = .four,
        rule: SmallObjectRule = .reference
    ) -> Mask {
        let runs = MaskRuns(mask)
        let (labels, sizes) = runs.components(connectivity: connectivity)
        let keep: [Bool] = [false] + sizes.map { count in
            switch rule {
            case .fewerThan: count >= size
            case .atMost: count > size
            }
        }
        return runs.mask { keep[Int(labels[$0])] }
    }
}

extension Image where Pixel == Bool {
    /// `BinaryMorphology.removeSmallObjects(self, minSize:connectivity:rule:)`.
    public func removingSmallObjects(minSize size: Int = 64, connectivity: Connectivity = .four,
                                     rule: SmallObjectRule = .reference) -> Mask {
        BinaryMorphology.removeSmallObjects(self, minSize: size, connectivity: connectivity, rule: rule)
    }
}
