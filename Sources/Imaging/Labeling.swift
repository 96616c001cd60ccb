/// Which pixels count as neighbours when growing connected components.
///
/// As scikit-image's `connectivity` argument in two dimensions: `.four` is
/// `connectivity=1` (edge neighbours), `.eight` is `connectivity=2` (edge and corner).
public enum Connectivity: Int, Sendable, Codable {
    case four = 1
    case eight = 2
}

/// Connected components of a binary image, numbered as scikit-image `measure.label`.
///
/// Definition followed: background (`false`) is label 0; foreground components are
/// numbered 1, 2, … in raster-scan order (row by row, left to right) of their
/// first pixel, exactly as `skimage.measure.label(mask, connectivity=…)` numbers
/// them. Computed on the mask's runs (`MaskRuns.components`), then painted.
public struct Labeling: Sendable {
    /// Label of every pixel, row-major; 0 = background.
    public let labels: Image<Int32>
    /// Pixel count of component `k` at index `k - 1`.
    public let sizes: [Int]

    /// Number of components (the largest label).
    public var count: Int { sizes.count }

    public init(_ mask: Mask, connectivity: Connectivity) {
        let runs = MaskRuns(mask)
        let (runLabels, sizes) = runs.components(connectivity: connectivity)
        var labels = [Int32](repeating: 0, count: mask.count)
        labels.withUnsafeMutableBufferPointer { out in
            for k in 0..<runs.count {
                let base = Int(runs.rows[k]) * mask.width
                for c in Int(runs.starts[k])..<Int(runs.ends[k]) { out[base + c] = runLabels[k] }
            }
        }
        self.labels = Image(width: mask.width, height: mask.height, pixels: labels)
        self.sizes = sizes
    }

    /// Pixel count of component `label` (1-based).
    public func size(of label: Int) -> Int { sizes[label - 1] }

    /// The mask of one component.
    public func mask(of label: Int) -> Mask {
        let target = Int32(label)
        return labels.map { $0 == target }
    }
}

extension Labeling {
    /// The connected component of `mask` containing pixel (`row`, `col`), by flood
    /// fill: the same pixels as `Labeling(mask, connectivity:)` gives that pixel's
    /// label, at a cost proportional to the component's size (plus one empty mask)
    /// instead of a pass over the image. An empty mask when the pixel is background.
    public static func component(of mask: Mask, containingRow row: Int, col: Int,
                                 connectivity: Connectivity) -> Mask {
        guard row >= 0, row < mask.height, col >= 0, col < mask.width else {
            return Mask(width: mask.width, height: mask.height, repeating: false)
        }
        return flood(mask, from: [row * mask.width + col], connectivity: connectivity)
    }

    /// The foreground pixels connected to the image border: the union of the
    /// components of `Labeling(mask, connectivity:)` that touch the border.
    public static func touchingBorder(_ mask: Mask, connectivity: Connectivity) -> Mask {
        let runs = MaskRuns(mask)
        let (labels, sizes) = runs.components(connectivity: connectivity)
        let touching = runs.touchingBorder(labels: labels, componentCount: sizes.count)
        return runs.mask { touching[Int(labels[$0])] }
    }

    /// Foreground pixels reachable from the foreground pixels among `seeds` (row-major indices).
    private static func flood(_ mask: Mask, from seeds: [Int], connectivity: Connectivity) -> Mask {
        let w = mask.width, h = mask.height
        var out = [Bool](repeating: false, count: mask.count)
        let steps: [(Int, Int)] = connectivity == .four
            ? [(-1, 0), (1, 0), (0, -1), (0, 1)]
            : [(-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 1), (1, -1), (1, 0), (1, 1)]
        mask.pixels.withUnsafeBufferPointer { m in
            out.withUnsafeMutableBufferPointer { o in
                var stack: [Int] = []
                for i in seeds where m[i] && !o[i] { o[i] = true; stack.append(i) }
                while let i = stack.popLast() {
                    let r = i / w, c = i % w
                    for (dr, dc) in steps {
                        let nr = r + dr, nc = c + dc
                        guard nr >= 0, nr < h, nc >= 0, nc < w else { continue }
                        let j = nr * w + nc
                        if m[j] && !o[j] { o[j] = true; stack.append(j) }
                    }
                }
            }
        }
        return Mask(width: w, height: h, pixels: out)
    }
}
