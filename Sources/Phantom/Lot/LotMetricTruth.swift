import Foundation

/// The true value of every metric the tolerance tables judge, computed from the
/// phantom's geometry (never from an image), over the body of the roll: the
/// axial positions from `bodyStart` (below every cathode top) to the end of the
/// volume, where the can and winding stages measure.
///
/// - `can.outer_diameter_mm`: mean over the body of the area-equivalent
///   diameter `2·sqrt(A/π)` of the outer boundary, `A = ½∮ r(θ)² dθ` (dents included).
/// - `can.wall_thickness_mean_mm` / `_min_mm`: the wall less the thinning, mean
///   over angle and body, and its minimum.
/// - `can.eccentricity`: of the outer ellipse. `can.max_dent_mm`: deepest dent in the body.
/// - `winding.max_radial_excursion_mm` (and the method's `winding.max_abs_error_mm`,
///   which is meant to bound the same): the largest radial excursion of a buckled
///   turn from its spiral in the body (0 without a buckle).
/// - `overhang.negative_count`: anode turns ending below their cathode;
///   `overhang.length_min_mm`: the shortest anode overhang.
public struct LotMetricTruth: Sendable {
    public var metrics: [String: Double]

    public init(spec: PhantomSpec, bodyStart: Double) {
        let g = PhantomGeometry(spec: spec)
        let end = Double(spec.depth - 1) * spec.voxelSize.z
        let steps = max(2, Int(((end - bodyStart) / spec.voxelSize.z).rounded()))
        let axial = (0...steps).map { bodyStart + (end - bodyStart) * Double($0) / Double(steps) }
        let angles = (0..<720).map { Double($0) / 720 * 2 * .pi }

        var diameters: [Double] = [], maxDent = 0.0, wallSum = 0.0, wallCount = 0.0, wallMin = Double.infinity
        for s in axial {
            var area = 0.0
            for theta in angles {
                let u = sin(theta), v = cos(theta)
                let r = g.ellipseRadiusFactor(u: u, v: v, r: 1, a: g.outerA, b: g.outerB) - g.dentDepth(theta: theta, s: s)
                area += 0.5 * r * r * (2 * .pi / Double(angles.count))
                maxDent = max(maxDent, g.dentDepth(theta: theta, s: s))
                let wall = spec.can.wallThickness - g.thinningDepth(theta: theta, s: s)
                wallSum += wall; wallCount += 1; wallMin = min(wallMin, wall)
            }
            diameters.append(2 * (area / .pi).squareRoot())
        }
        var buckle = 0.0
        for b in spec.roll.buckles where b.axialRange.map({ $0.upperBound >= bodyStart && $0.lowerBound <= end }) ?? true {
            buckle = max(buckle, abs(b.amplitude))
        }
        let overhangs = (0..<spec.roll.turns).map { spec.overhangs.anodeOverhang(layer: $0) }
        metrics = [
            "can.outer_diameter_mm": diameters.reduce(0, +) / Double(diameters.count),
            "can.wall_thickness_mean_mm": wallSum / wallCount,
            "can.wall_thickness_min_mm": wallMin,
            "can.eccentricity": spec.can.eccentricity,
            "can.max_dent_mm": maxDent,
            "winding.max_abs_error_mm": buckle,
            "winding.max_radial_excursion_mm": buckle,
            "overhang.negative_count": Double(overhangs.filter { $0 < 0 }.count),
            "overhang.length_min_mm": overhangs.min() ?? 0,
        ]
    }
}
