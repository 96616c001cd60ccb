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
/// them. Two-pass union-find: provisional labels in the first pass, then one
/// relabelling pass that hands out final numbers in order of first appearance.
public struct Labeling: Sendable {
    /// Label of every pixel, row-major; 0 = background.
    public let labels: Image<Int32>
    /// Pixel count of component `k` at index `k - 1`.
    public let sizes: [Int]

    /// Number of components (the largest label).
    public var count: Int { sizes.count }

    public init(_ mask: Mask, connectivity: Connectivity) {
        let width = mask.width, height = mask.height
        var provisional = [Int32](repeating: 0, count: mask.count)
        // parent[k] for provisional label k (index 0 unused). A new label needs a
        // foreground pixel with no labelled neighbour before it, so there are at most
        // one per two pixels of a row plus one, per row: the buffer never grows, and
        // the union-find runs on a plain pointer (no exclusivity checks per access).
        let capacity = height * (width / 2 + 1) + 1
        let parent = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
        defer { parent.deallocate() }
        parent[0] = 0
        var labelCount: Int32 = 0

        @inline(__always) func find(_ x: Int32) -> Int32 {
            var root = x
            while parent[Int(root)] != root { root = parent[Int(root)] }
            var node = x
            while parent[Int(node)] != root {   // path compression
                let next = parent[Int(node)]
                parent[Int(node)] = root
                node = next
            }
            return root
        }
        // The smaller provisional label (earlier in raster order) stays root.
        @inline(__always) func union(_ a: Int32, _ b: Int32) -> Int32 {
            let ra = find(a), rb = find(b)
            if ra == rb { return ra }
            if ra < rb { parent[Int(rb)] = ra; return ra }
            parent[Int(ra)] = rb
            return rb
        }

        mask.pixels.withUnsafeBufferPointer { fg in
            provisional.withUnsafeMutableBufferPointer { lab in
                for row in 0..<height {
                    let base = row * width
                    for col in 0..<width where fg[base + col] {
                        var current: Int32 = 0
                        @inline(__always) func join(_ neighbour: Int32) {
                            guard neighbour != 0 else { return }
                            current = current == 0 ? find(neighbour) : union(current, neighbour)
                        }
                        if col > 0 { join(lab[base + col - 1]) }
                        if row > 0 {
                            let up = base - width
                            join(lab[up + col])
                            if connectivity == .eight {
                                if col > 0 { join(lab[up + col - 1]) }
                                if col + 1 < width { join(lab[up + col + 1]) }
                            }
                        }
                        if current == 0 {
                            labelCount += 1
                            current = labelCount
                            parent[Int(current)] = current
                        }
                        lab[base + col] = current
                    }
                }
            }
        }

        // Final numbers in order of first appearance of each root in raster order.
        var final = [Int32](repeating: 0, count: Int(labelCount) + 1)
        var sizes: [Int] = []
        provisional.withUnsafeMutableBufferPointer { lab in
            for i in 0..<lab.count where lab[i] != 0 {
                let root = Int(find(lab[i]))
                if final[root] == 0 {
                    sizes.append(0)
                    final[root] = Int32(sizes.count)
                }
                let label = final[root]
                sizes[Int(label) - 1] += 1
                lab[i] = label
            }
        }
        self.labels = Image(width: width, height: height, pixels: provisional)
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
    /// components of `Labeling(mask, connectivity:)` that touch the border, found by
    /// one flood fill seeded from every border pixel, without numbering components.
    public static func touchingBorder(_ mask: Mask, connectivity: Connectivity) -> Mask {
        let w = mask.width, h = mask.height
        guard w > 0, h > 0 else { return mask }
        var border: [Int] = []
        border.reserveCapacity(2 * (w + h))
        for c in 0..<w { border.append(c); border.append((h - 1) * w + c) }
        for r in 0..<h { border.append(r * w); border.append(r * w + w - 1) }
        return flood(mask, from: border, connectivity: connectivity)
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
