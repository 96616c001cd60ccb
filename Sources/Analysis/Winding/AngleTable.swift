import Foundation

/// `UnrolledWinding.angleDegrees(dy:dx:)` for every pixel offset up to `radius`
/// rows and columns away, computed once and shared by the slices of a cell.
///
/// The unrolling needs the angle of every electrode pixel about the slice's
/// centre: a quarter of a million `atan2` calls per 1000² slice, a fifth of the
/// winding stage. The centre moves between slices but the offsets repeat, and
/// the table holds the very values the direct call returns (same function, same
/// arguments), so the layers, chunks and fits are unchanged. 8·(2r + 1)² bytes:
/// 32 MB for a 1000² slice.
public struct AngleTable: Sendable {
    public let radius: Int
    private let side: Int
    private let values: [Double]

    /// A table covering every offset inside a `width`×`height` slice, or nil when it
    /// would take more than `maxBytes` (default 64 MB: slices up to 1415²); the
    /// unrolling then calls `atan2` per pixel.
    public init?(width: Int, height: Int, maxBytes: Int = 64 << 20) {
        let radius = max(width, height) - 1
        guard radius >= 0, (2 * radius + 1) * (2 * radius + 1) * 8 <= maxBytes else { return nil }
        self.init(radius: radius)
    }

    public init(radius: Int) {
        self.radius = max(0, radius)
        side = 2 * self.radius + 1
        let r = self.radius, side = side
        values = [Double](unsafeUninitializedCapacity: side * side) { out, count in
            let base = out.baseAddress!
            nonisolated(unsafe) let target = base
            concurrentRows(side) { row in
                let dy = row - r
                for col in 0..<side { target[row * side + col] = UnrolledWinding.angleDegrees(dy: dy, dx: col - r) }
            }
            count = side * side
        }
    }

    /// The angle of offset (dy, dx); both within `radius`.
    @inline(__always)
    public func angle(dy: Int, dx: Int) -> Double {
        values[(dy + radius) * side + dx + radius]
    }
}

/// `body(row)` for every row, spread over the cores (each row written by one call).
private func concurrentRows(_ rows: Int, _ body: (Int) -> Void) {
    withoutActuallyEscaping(body) { body in
        nonisolated(unsafe) let work = body
        DispatchQueue.concurrentPerform(iterations: rows) { work($0) }
    }
}
