import Foundation

/// The largest radial departure of a layer from the Archimedean spiral fitted
/// robustly to the whole roll of a slice: `winding.max_radial_excursion_mm`.
///
/// Why not the method's MaxAE: each layer's own line `r = a + b·θ` is fitted
/// to that layer alone, so a buckle that is a good part of the layer's arc (or
/// sits near its ends) pulls the line toward it and is read smaller than it is.
/// Here the reference every layer is measured against is set by all the others.
///
/// Definition, on the measured layers of one slice (fitted, not excluded as
/// broken; see `WindingSliceAnalysis`):
/// 1. points: every chunk's (mean angle θ in degrees, mean radius r in px);
/// 2. climb: the median of the layers' fitted slopes, px per degree;
/// 3. each layer's place in the roll: its mean radius carried to θ = 180° along
///    the climb, `R = r̄ + climb·(180 − θ̄)`; layers in order of R, the innermost
///    at n = 0, each next one `round(ΔR/p)` places further (0 for two pieces of
///    one turn), p the pitch along rays (`RadialLayerStructure.pitchPx`): step by
///    step, so a pitch read 2 % short (it is a median of 0.5 px samples) cannot
///    skip a place 17 layers out;
/// 4. the roll: `r = a + b·θ + c·n + d·n² + e·cos θ + f·sin θ` (the spiral climbs b
///    per degree and c per layer, c = 360·b for one strip; d lets the pitch drift
///    with radius; e, f absorb a winding centre off the unrolling centre, which
///    is the can's, truncated to a pixel);
/// 5. fitted robustly: least squares, then `rounds` times refitted to the points
///    within max(3 · 1.4826 · MAD of the residuals, 0.5 px) of the fit, so a
///    buckle of a few layers over tens of degrees does not shape the spiral;
/// 6. the excursion: the largest |r − roll(θ, n)| over all points (those left out
///    of the fit included), px, with the layer and angle where it is.
/// Needs at least 3 layers and 12 points; nil otherwise.
public struct SpiralExcursion: Sendable, Codable, Equatable {
    public var maxPx: Double
    /// Layer (reference numbering) and chunk angle of the largest excursion.
    public var layer: Int
    public var angleDeg: Double
    /// Robust spread of the residuals (1.4826 · MAD), px: the excursion's noise floor.
    public var residualSigmaPx: Double
    /// Points kept by the last robust round, of all points.
    public var pointsFitted: Int
    public var points: Int
    /// a, b, c, d, e, f of the roll model, px.
    public var coefficients: [Double]

    public init?(layers: [WindingLayer], pitchPx: Double?, rounds: Int = 5) {
        guard let pitch = pitchPx, pitch > 0, layers.count >= 3 else { return nil }
        let climb = LayerDefectFinder.median(layers.compactMap(\.slope))
        let placed = layers.map { layer -> (layer: WindingLayer, R: Double) in
            let meanAngle = layer.chunks.reduce(0) { $0 + $1.meanAngle } / Double(layer.chunks.count)
            return (layer, layer.meanRadius + climb * (180 - meanAngle))
        }
        .sorted { $0.R < $1.R }
        var rows: [[Double]] = [], values: [Double] = [], owners: [(layer: Int, angle: Double)] = []
        var n = 0.0
        for (i, (layer, R)) in placed.enumerated() {
            if i > 0 { n += ((R - placed[i - 1].R) / pitch).rounded() }
            for chunk in layer.chunks {
                rows.append(Self.basis(theta: chunk.meanAngle, n: n))
                values.append(chunk.meanRadius)
                owners.append((layer.index, chunk.meanAngle))
            }
        }
        guard rows.count >= 12 else { return nil }
        var kept = Array(rows.indices)
        var coefficients: [Double] = []
        var residuals: [Double] = []
        var sigma = 0.0
        for round in 0...rounds {
            guard let c = Self.leastSquares(kept.map { rows[$0] }, kept.map { values[$0] }) else { return nil }
            coefficients = c
            residuals = rows.indices.map { values[$0] - zip(rows[$0], c).reduce(0) { $0 + $1.0 * $1.1 } }
            let absolute = residuals.map(abs)
            sigma = 1.4826 * LayerDefectFinder.median(kept.map { absolute[$0] })
            guard round < rounds else { break }
            let limit = max(3 * sigma, 0.5)
            let next = rows.indices.filter { absolute[$0] <= limit }
            guard next.count >= 12, next != kept else { break }
            kept = next
        }
        let worst = residuals.indices.max { abs(residuals[$0]) < abs(residuals[$1]) }!
        maxPx = abs(residuals[worst])
        (layer, angleDeg) = owners[worst]
        residualSigmaPx = sigma
        pointsFitted = kept.count
        points = rows.count
        self.coefficients = coefficients
    }

    /// The roll model's terms at (θ degrees, layer place n).
    static func basis(theta: Double, n: Double) -> [Double] {
        let radians = theta * Double.pi / 180
        return [1, theta, n, n * n, cos(radians), sin(radians)]
    }

    /// Least squares by the normal equations (6 unknowns: well conditioned for
    /// θ in degrees and n in layers, solved in Double), Gaussian elimination with
    /// partial pivoting; nil when singular (e.g. all layers at one place).
    static func leastSquares(_ rows: [[Double]], _ values: [Double]) -> [Double]? {
        let k = rows.first?.count ?? 0
        var a = [[Double]](repeating: [Double](repeating: 0, count: k + 1), count: k)
        for (row, y) in zip(rows, values) {
            for i in 0..<k {
                for j in 0..<k { a[i][j] += row[i] * row[j] }
                a[i][k] += row[i] * y
            }
        }
        for col in 0..<k {
            let pivot = (col..<k).max { abs(a[$0][col]) < abs(a[$1][col]) }!
            guard abs(a[pivot][col]) > 1e-9 * max(1, abs(a[col][col])) else { return nil }
            a.swapAt(col, pivot)
            for r in 0..<k where r != col {
                let f = a[r][col] / a[col][col]
                if f != 0 { for j in col...k { a[r][j] -= f * a[col][j] } }
            }
        }
        return (0..<k).map { a[$0][k] / a[$0][$0] }
    }
}
