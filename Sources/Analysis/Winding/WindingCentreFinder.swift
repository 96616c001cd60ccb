import Imaging

/// Finds the unrolling centre from the can, as the reference (`virtual_unroll` with
/// a casing mask): marching-squares contours of the can mask at level 0.5, the outer
/// contour = the one of largest shoelace area, a RANSAC ellipse fit (5 samples,
/// residual threshold 1 px, up to 2000 trials; seeded, so deterministic) to its
/// points, and the ellipse centre (yc, xc) truncated to integers.
public enum WindingCentreFinder {
    public enum Failure: Error, CustomStringConvertible, Equatable {
        case noCanContour
        case ellipseFitFailed(points: Int)
        public var description: String {
            switch self {
            case .noCanContour:
                "no can contour in the slice: check the can threshold (reference: 61000 on 16-bit, 100 on 8-bit)"
            case .ellipseFitFailed(let n):
                "no ellipse fits the outer can contour (\(n) points): is the can wall complete in this slice?"
            }
        }
    }

    /// The centre of the RANSAC ellipse of the can's outer contour, truncated.
    public static func fromCan(_ can: Mask, seed: UInt64 = 0) throws(Failure) -> WindingCentre {
        let contours = MarchingSquares.contours(of: can)
        guard let outer = contours.max(by: { abs($0.shoelaceArea) < abs($1.shoelaceArea) }), outer.count >= 5 else {
            throw .noCanContour
        }
        guard let fit = EllipseRANSAC().fit(x: outer.cols, y: outer.rows, seed: seed) else {
            throw .ellipseFitFailed(points: outer.count)
        }
        return WindingCentre(truncatingRow: fit.ellipse.yc, col: fit.ellipse.xc)
    }

    /// `fromCan` as a `WindingCellAnalysis.CentreFinder`.
    public static let canEllipse: WindingCellAnalysis.CentreFinder = { _, can in try fromCan(can) }
}
