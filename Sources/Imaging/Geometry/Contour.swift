/// A polyline of sub-pixel points in image coordinates (`row`, `col`), stored as two
/// contiguous arrays. A closed contour does not repeat its first point at the end
/// (scikit-image does; the closing edge here is implicit).
public struct Contour: Sendable, Equatable {
    public var rows: [Double]
    public var cols: [Double]
    public var isClosed: Bool

    public init(rows: [Double], cols: [Double], isClosed: Bool) {
        precondition(rows.count == cols.count, "Contour: \(rows.count) rows for \(cols.count) cols")
        self.rows = rows
        self.cols = cols
        self.isClosed = isClosed
    }

    public var count: Int { rows.count }

    /// Absolute enclosed area by the shoelace formula over the closed polygon
    /// (closing edge included), in pixels²; as the notebook's
    /// `0.5·|Σ x_i·y_{i+1} − y_i·x_{i+1}|` with x = col, y = row.
    public var shoelaceArea: Double {
        Polygon.shoelaceArea(rows: rows, cols: cols)
    }
}

/// Plane polygons given by vertex arrays (row, col).
public enum Polygon {
    /// Absolute area `0.5·|Σ (x_i·y_{i+1} − y_i·x_{i+1})|`, indices cyclic, x = col, y = row.
    public static func shoelaceArea(rows: [Double], cols: [Double]) -> Double {
        let n = rows.count
        guard n >= 3 else { return 0 }
        var sum = 0.0
        rows.withUnsafeBufferPointer { y in
            cols.withUnsafeBufferPointer { x in
                for i in 0..<(n - 1) { sum += x[i] * y[i + 1] - y[i] * x[i + 1] }
                sum += x[n - 1] * y[0] - y[n - 1] * x[0]
            }
        }
        return 0.5 * abs(sum)
    }
}
