/// Exact Euclidean distance from a pixel to the nearest of a fixed set of "site"
/// pixels, by bucketing the sites on a square grid.
///
/// Definition followed: the same value `DistanceTransform.euclidean(notSites)` holds at
/// that pixel (scipy `distance_transform_edt` of the mask that is false on the sites):
/// `sqrt(min over sites of (Δrow² + Δcol²))`, computed from exact integers; `+infinity`
/// without sites.
///
/// Why besides the distance transform: the can wall needs the distance only on the
/// few thousand inner-wall pixels, while the transform costs a pass over the whole
/// slice. A query scans grid cells ring by ring around its own cell and stops once the
/// next ring cannot hold anything nearer (a site `k` cells away in Chebyshev distance
/// is at least `(k − 1)·cellSize + 1` px away along one axis), so it touches only the
/// sites within about the answer's distance plus one cell.
public struct NearestSite: Sendable {
    private let cellSize: Int
    private let gridRows: Int
    private let gridCols: Int
    private let originRow: Int
    private let originCol: Int
    /// Sites sorted by cell; the sites of cell `k` are `cellStart[k] ..< cellStart[k + 1]`.
    private let cellStart: [Int32]
    private let siteRows: [Int32]
    private let siteCols: [Int32]

    /// - Parameter cellSize: grid cell edge in px; about the typical answer is a good choice.
    public init(rows: [Int], cols: [Int], cellSize: Int = 8) {
        precondition(rows.count == cols.count && cellSize > 0)
        self.cellSize = cellSize
        guard let rMin = rows.min(), let rMax = rows.max(), let cMin = cols.min(), let cMax = cols.max() else {
            (gridRows, gridCols, originRow, originCol) = (0, 0, 0, 0)
            (cellStart, siteRows, siteCols) = ([0], [], [])
            return
        }
        originRow = rMin
        originCol = cMin
        let gr = (rMax - rMin) / cellSize + 1, gc = (cMax - cMin) / cellSize + 1
        gridRows = gr
        gridCols = gc
        // Counting sort of the sites by cell.
        var start = [Int32](repeating: 0, count: gr * gc + 1)
        let cells = rows.indices.map { ((rows[$0] - rMin) / cellSize) * gc + (cols[$0] - cMin) / cellSize }
        for k in cells { start[k + 1] += 1 }
        for k in 0..<(gr * gc) { start[k + 1] += start[k] }
        var fill = start
        var sr = [Int32](repeating: 0, count: rows.count), sc = sr
        for (i, k) in cells.enumerated() {
            let slot = Int(fill[k])
            sr[slot] = Int32(rows[i]); sc[slot] = Int32(cols[i])
            fill[k] += 1
        }
        cellStart = start
        siteRows = sr
        siteCols = sc
    }

    /// The sites of a mask: every `true` pixel.
    public init(_ mask: Mask, cellSize: Int = 8) {
        var rows: [Int] = [], cols: [Int] = []
        mask.pixels.withUnsafeBufferPointer { m in
            for i in 0..<m.count where m[i] { rows.append(i / mask.width); cols.append(i % mask.width) }
        }
        self.init(rows: rows, cols: cols, cellSize: cellSize)
    }

    public var isEmpty: Bool { siteRows.isEmpty }

    /// Euclidean distance from pixel (`row`, `col`) to the nearest site.
    public func distance(row: Int, col: Int) -> Double {
        guard !isEmpty else { return .infinity }
        let qr = floorDiv(row - originRow), qc = floorDiv(col - originCol)
        // Farthest ring that still meets the grid.
        let lastRing = max(abs(qr), abs(qr - (gridRows - 1)), abs(qc), abs(qc - (gridCols - 1)))
        var best = Int.max
        var k = 0
        while k <= lastRing {
            if k >= 1 {
                let bound = (k - 1) * cellSize + 1
                if best <= bound * bound { break }
            }
            let r0 = max(0, qr - k), r1 = min(gridRows - 1, qr + k)
            for r in stride(from: r0, through: r1, by: 1) {
                if abs(r - qr) == k {
                    let c0 = max(0, qc - k), c1 = min(gridCols - 1, qc + k)
                    if c0 <= c1 { for c in c0...c1 { scan(cell: r * gridCols + c, row, col, &best) } }
                } else {
                    if qc - k >= 0 && qc - k < gridCols { scan(cell: r * gridCols + qc - k, row, col, &best) }
                    if k > 0 && qc + k >= 0 && qc + k < gridCols { scan(cell: r * gridCols + qc + k, row, col, &best) }
                }
            }
            k += 1
        }
        return Double(best).squareRoot()
    }

    @inline(__always)
    private func scan(cell: Int, _ row: Int, _ col: Int, _ best: inout Int) {
        for s in Int(cellStart[cell])..<Int(cellStart[cell + 1]) {
            let dr = Int(siteRows[s]) - row, dc = Int(siteCols[s]) - col
            let d = dr * dr + dc * dc
            if d < best { best = d }
        }
    }

    private func floorDiv(_ v: Int) -> Int {
        v >= 0 ? v / cellSize : -((-v + cellSize - 1) / cellSize)
    }
}
