/// A binary structuring element centred on its middle pixel (odd width and height).
///
/// Stored as the set of (row, column) offsets from the centre that are "on", and
/// as horizontal runs per row so the morphology kernels can test a whole run with
/// one prefix-sum lookup.
public struct Footprint: Sendable, Equatable {
    /// Half the side lengths: the footprint spans offsets -radius…+radius.
    public let rowRadius: Int
    public let colRadius: Int
    /// `true` where the footprint is on, row-major over (2·rowRadius+1)×(2·colRadius+1).
    public let grid: Mask

    /// A footprint from a grid with odd sides; its centre is the middle pixel.
    public init(grid: Mask) {
        precondition(grid.width % 2 == 1 && grid.height % 2 == 1, "Footprint sides must be odd")
        self.grid = grid
        self.rowRadius = grid.height / 2
        self.colRadius = grid.width / 2
    }

    /// One contiguous horizontal run of "on" offsets in footprint row `rowOffset`.
    public struct Run: Sendable, Equatable {
        public let rowOffset: Int
        public let firstCol: Int
        public let lastCol: Int
    }

    /// The footprint as horizontal runs (offsets relative to the centre).
    public var runs: [Run] {
        var result: [Run] = []
        for r in 0..<grid.height {
            var c = 0
            while c < grid.width {
                if grid[r, c] {
                    let start = c
                    while c + 1 < grid.width && grid[r, c + 1] { c += 1 }
                    result.append(Run(rowOffset: r - rowRadius, firstCol: start - colRadius, lastCol: c - colRadius))
                }
                c += 1
            }
        }
        return result
    }

    /// Number of "on" pixels.
    public var onCount: Int { grid.trueCount }

    /// As scikit-image `morphology.disk(radius)` (default `strict_radius=True`):
    /// offsets (dr, dc) with dr² + dc² ≤ radius², side 2·radius + 1.
    public static func disk(_ radius: Int) -> Footprint {
        precondition(radius >= 0)
        let side = 2 * radius + 1
        var grid = Mask(width: side, height: side, repeating: false)
        for r in 0..<side {
            for c in 0..<side {
                let dr = r - radius, dc = c - radius
                grid[r, c] = dr * dr + dc * dc <= radius * radius
            }
        }
        return Footprint(grid: grid)
    }

    /// As scikit-image `morphology.star(a)`: the union of a (2a+1)-square and its
    /// 45°-rotated version (a diamond whose vertices touch the array's edge
    /// midpoints), in an array of side `2a + 1 + 2·⌊a/2⌋`.
    ///
    /// With side `s`, `n = ⌊a/2⌋` and centre `c = (s-1)/2`, a pixel is on if it lies
    /// in the square `n ≤ row, col < 2a+1+n` or in the diamond `|row-c| + |col-c| ≤ c`
    /// (checked equal to skimage 0.26's convex-hull construction for a = 2…7).
    /// Special case, as skimage: `star(1)` is the full 3×3 square (not a cross).
    /// `star(2)` is 7×7: the 5×5 square plus the four edge-midpoint pixels.
    public static func star(_ a: Int) -> Footprint {
        precondition(a >= 1)
        if a == 1 { return Footprint(grid: Mask(width: 3, height: 3, repeating: true)) }
        let m = 2 * a + 1, n = a / 2, side = m + 2 * n, centre = (side - 1) / 2
        var grid = Mask(width: side, height: side, repeating: false)
        for r in 0..<side {
            for c in 0..<side {
                let inSquare = r >= n && r < m + n && c >= n && c < m + n
                let inDiamond = abs(r - centre) + abs(c - centre) <= centre
                grid[r, c] = inSquare || inDiamond
            }
        }
        return Footprint(grid: grid)
    }

    /// A full square of side `2·radius + 1` (scikit-image `footprint_rectangle`).
    public static func square(radius: Int) -> Footprint {
        let side = 2 * radius + 1
        return Footprint(grid: Mask(width: side, height: side, repeating: true))
    }
}
