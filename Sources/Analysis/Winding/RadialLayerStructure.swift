import Foundation
import Imaging

/// The layered structure of an electrode mask as rays from the winding centre
/// cross it, read without the labelling: what a clean turn must look like, so a
/// label that does not look like one can be told from a defect of the winding.
///
/// Definition: `rayCount` rays from the centre (ray k at angle 360·k/rayCount°,
/// the reference's convention: 0° = +row, 90° = +col), sampled every
/// `stepPx` along the radius at the nearest pixel until the ray leaves the
/// slice; a *run* is a maximal stretch of consecutive electrode samples.
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

    public init(mask: Mask, centre: WindingCentre, rayCount: Int = 360, stepPx: Double = 0.5) {
        precondition(rayCount > 0 && stepPx > 0)
        var spacings: [Double] = [], lengths: [Double] = [], runsPerRay: [Int] = []
        for k in 0..<rayCount {
            let theta = Double(k) * 2 * Double.pi / Double(rayCount)
            let runs = Self.runs(mask, from: centre, dy: cos(theta), dx: sin(theta), stepPx: stepPx)
            runsPerRay.append(runs.count)
            lengths += runs.map(\.length)
            spacings += zip(runs.dropFirst(), runs).map { $0.start - $1.start }
        }
        pitchPx = spacings.isEmpty ? nil : LayerDefectFinder.median(spacings)
        thicknessPx = lengths.isEmpty ? nil : LayerDefectFinder.median(lengths)
        layersPerRay = runsPerRay.sorted()[(runsPerRay.count - 1) / 2]
        self.rayCount = rayCount
    }

    /// Runs of electrode samples along one ray: start radius and length, px.
    static func runs(_ mask: Mask, from c: WindingCentre, dy: Double, dx: Double, stepPx: Double)
        -> [(start: Double, length: Double)]
    {
        var runs: [(start: Double, length: Double)] = []
        var runStart: Double? = nil
        var step = 0
        while true {
            let r = Double(step) * stepPx
            let row = Int((Double(c.row) + r * dy).rounded()), col = Int((Double(c.col) + r * dx).rounded())
            guard mask.contains(row: row, col: col) else { break }
            let on = mask[row, col]
            if on, runStart == nil { runStart = r }
            if !on, let s = runStart { runs.append((s, r - s)); runStart = nil }
            step += 1
        }
        if let s = runStart { runs.append((s, Double(step) * stepPx - s)) }
        return runs
    }
}
