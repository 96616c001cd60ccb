/// The foreground of a mask as horizontal runs, in raster order, and its connected
/// components found run by run.
///
/// A wound electrode slice of a million pixels has some tens of thousands of runs,
/// so labelling, border tests and small-object removal on runs cost a pass to find
/// the runs plus work per run, not per pixel. The numbering is `Labeling`'s
/// (scikit-image `measure.label`): components in raster order of their first pixel.
public struct MaskRuns: Sendable {
    public let width: Int
    public let height: Int
    /// Run k covers columns `starts[k] ..< ends[k]` of row `rows[k]`.
    public private(set) var rows: [Int32] = []
    public private(set) var starts: [Int32] = []
    public private(set) var ends: [Int32] = []
    /// The runs of row r are `rowFirstRun[r] ..< rowFirstRun[r + 1]`.
    public private(set) var rowFirstRun: [Int32]

    public var count: Int { starts.count }

    public init(_ mask: Mask) {
        width = mask.width
        height = mask.height
        rowFirstRun = [Int32](repeating: 0, count: height + 1)
        let w = width
        mask.pixels.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            for row in 0..<height {
                rowFirstRun[row] = Int32(starts.count)
                let line = base + row * w
                var c = 0
                while c < w {
                    c = Self.skip(line, from: c, width: w, while: 0)
                    guard c < w else { break }
                    let end = Self.skip(line, from: c, width: w, while: 1)
                    rows.append(Int32(row)); starts.append(Int32(c)); ends.append(Int32(end))
                    c = end
                }
            }
        }
        rowFirstRun[height] = Int32(starts.count)
    }

    /// The first column ≥ `from` whose byte is not `value` (0 or 1), or `width`;
    /// eight bytes at a time through the long stretches of air and electrode.
    @inline(__always)
    private static func skip(_ line: UnsafeRawPointer, from: Int, width: Int, while value: UInt8) -> Int {
        let pattern: UInt64 = value == 0 ? 0 : 0x0101_0101_0101_0101
        var c = from
        while c + 8 <= width, line.loadUnaligned(fromByteOffset: c, as: UInt64.self) == pattern { c += 8 }
        while c < width, line.load(fromByteOffset: c, as: UInt8.self) == value { c += 1 }
        return c
    }

    /// Component label (1-based, raster order of first pixel) of every run, and the
    /// pixel count of each component (label k at index k − 1).
    public func components(connectivity: Connectivity) -> (labels: [Int32], sizes: [Int]) {
        let n = count
        guard n > 0 else { return ([], []) }
        // Union-find over run indices; the smaller index (earlier in raster order)
        // stays root, so a component's root is its first run.
        var parent = [Int32](0..<Int32(n))
        parent.withUnsafeMutableBufferPointer { p in
            @inline(__always) func find(_ x: Int32) -> Int32 {
                var root = x
                while p[Int(root)] != root { root = p[Int(root)] }
                var node = x
                while p[Int(node)] != root { let next = p[Int(node)]; p[Int(node)] = root; node = next }
                return root
            }
            // Runs of neighbouring rows touch when their column spans overlap, or
            // (8-connectivity) meet at a corner.
            let reach: Int32 = connectivity == .eight ? 1 : 0
            for row in 1..<max(1, height) {
                var i = Int(rowFirstRun[row - 1]), j = Int(rowFirstRun[row])
                let iEnd = Int(rowFirstRun[row]), jEnd = Int(rowFirstRun[row + 1])
                while i < iEnd && j < jEnd {
                    if starts[i] < ends[j] + reach && starts[j] < ends[i] + reach {
                        let a = find(Int32(i)), b = find(Int32(j))
                        if a < b { p[Int(b)] = a } else if b < a { p[Int(a)] = b }
                    }
                    // The run ending first cannot touch the other row's next run.
                    if ends[i] <= ends[j] { i += 1 } else { j += 1 }
                }
            }
            for k in 0..<n { p[k] = find(Int32(k)) }
        }
        var labels = [Int32](repeating: 0, count: n)
        var sizes: [Int] = []
        for k in 0..<n {
            let root = Int(parent[k])
            if root == k { sizes.append(0); labels[k] = Int32(sizes.count) } else { labels[k] = labels[root] }
            sizes[Int(labels[k]) - 1] += Int(ends[k] - starts[k])
        }
        return (labels, sizes)
    }

    /// Whether each component touches the image border, indexed by label (index 0,
    /// the background, is false); `labels` and `componentCount` from `components`.
    public func touchingBorder(labels: [Int32], componentCount: Int) -> [Bool] {
        var touching = [Bool](repeating: false, count: componentCount + 1)
        for k in 0..<count where rows[k] == 0 || Int(rows[k]) == height - 1 || starts[k] == 0 || Int(ends[k]) == width {
            touching[Int(labels[k])] = true
        }
        return touching
    }

    /// A mask with the runs for which `keep` is true set.
    public func mask(keeping keep: (Int) -> Bool) -> Mask {
        var pixels = [Bool](repeating: false, count: width * height)
        pixels.withUnsafeMutableBufferPointer { out in
            for k in 0..<count where keep(k) {
                let base = Int(rows[k]) * width
                for c in Int(starts[k])..<Int(ends[k]) { out[base + c] = true }
            }
        }
        return Mask(width: width, height: height, pixels: pixels)
    }

    /// Row-major pixel indices of every component, each in raster order: component
    /// k's pixels are `pixels[offsets[k - 1] ..< offsets[k]]` (`offsets[0] == 0`).
    public func pixelsByComponent(labels: [Int32], sizes: [Int]) -> (pixels: [Int32], offsets: [Int]) {
        var offsets = [Int](repeating: 0, count: sizes.count + 1)
        for (k, s) in sizes.enumerated() { offsets[k + 1] = offsets[k] + s }
        var next = offsets
        var pixels = [Int32](repeating: 0, count: offsets[sizes.count])
        pixels.withUnsafeMutableBufferPointer { out in
            for k in 0..<count {
                let label = Int(labels[k]) - 1
                var at = next[label]
                let base = Int32(Int(rows[k]) * width)
                for c in starts[k]..<ends[k] { out[at] = base + c; at += 1 }
                next[label] = at
            }
        }
        return (pixels, offsets)
    }
}
