import Foundation
import Imaging

/// The layered structure of an electrode mask as rays from the winding centre
/// cross it, read without the labelling: what a clean turn must look like, so a
/// label that does not look like one can be told from a defect of the winding.
///
/// Definition: `rayCount` rays from the centre (ray k at angle 360·k/rayCount°,
/// the reference's convention: 0° = +row, 90° = +col; default 180, 2° apart,
/// ≤ 1.8 px apart at the innermost turns of the phantoms), sampled every
/// `stepPx` along the radius at the nearest pixel until the ray leaves the
/// slice or passes `maxRadiusPx` (the outermost electrode pixel: no layer lies
/// beyond); a *run* is a maximal stretch of consecutive electrode samples.
/// - `pitchPx`: median, over all rays, of the distance between the starts of
///   consecutive runs on a ray: the radial spacing of neighbouring layers as the
///   mask holds them (one strip: the winding pitch; both strips: half of it);
/// - `thicknessPx`: median run length (samples × step): one layer's radial thickness;
/// - `layersPerRay`: median number of runs on a ray: the radial layer count.
/// The medians make one bridged, merged or broken place irrelevant: the labels
/// can be wrong over most of the roll while each ray still crosses separate strips.
public struct RadialLayerStructure: Sendable, Codable, Equatable {
    public var pitchPx: Double?
    public var thicknessPx: Double?
    public var layersPerRay: Int
    public var rayCount: Int

    public init(mask: Mask, centre: WindingCentre, maxRadiusPx: Double = .infinity, rayCount: Int = 180,
                stepPx: Double = 0.5) {
        precondition(rayCount > 0 && stepPx > 0)
        var spacings: [Double] = [], lengths: [Double] = [], runsPerRay: [Int] = []
        mask.pixels.withUnsafeBufferPointer { pixels in
            for k in 0..<rayCount {
                let theta = Double(k) * 2 * Double.pi / Double(rayCount)
                let runs = Self.runs(pixels, width: mask.width, height: mask.height, from: centre,
                                     dy: cos(theta), dx: sin(theta), stepPx: stepPx, maxRadiusPx: maxRadiusPx)
                runsPerRay.append(runs.count)
                lengths += runs.map(\.length)
                spacings += zip(runs.dropFirst(), runs).map { $0.start - $1.start }
            }
        }
        pitchPx = spacings.isEmpty ? nil : LayerDefectFinder.median(spacings)
        thicknessPx = lengths.isEmpty ? nil : LayerDefectFinder.median(lengths)
        layersPerRay = runsPerRay.sorted()[(runsPerRay.count - 1) / 2]
        self.rayCount = rayCount
    }

    /// Runs of electrode samples along one ray: start radius and length, px.
    /// Reads the mask's buffer directly and rounds without libm: these rays are
    /// ~1000 samples each on a 1000² slice, on every analysed slice.
    static func runs(_ pixels: UnsafeBufferPointer<Bool>, width: Int, height: Int, from c: WindingCentre,
                     dy: Double, dx: Double, stepPx: Double, maxRadiusPx: Double) -> [(start: Double, length: Double)]
    {
        var runs: [(start: Double, length: Double)] = []
        var runStart: Double? = nil
        var step = 0
        let row0 = Double(c.row), col0 = Double(c.col)
        while true {
            let r = Double(step) * stepPx
            // Nearest pixel: x + 0.5 truncated, exact for x ≥ −0.5 (below that the ray has left).
            let y = row0 + r * dy + 0.5, x = col0 + r * dx + 0.5
            guard r <= maxRadiusPx, y >= 0, x >= 0 else { break }
            let row = Int(y), col = Int(x)
            guard row < height, col < width else { break }
            let on = pixels[row * width + col]
            if on, runStart == nil { runStart = r }
            if !on, let s = runStart { runs.append((s, r - s)); runStart = nil }
            step += 1
        }
        if let s = runStart { runs.append((s, Double(step) * stepPx - s)) }
        return runs
    }
}
