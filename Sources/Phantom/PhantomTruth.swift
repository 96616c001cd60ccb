import Foundation
import Imaging

/// The known answer for a ``PhantomSpec``, in pixels and millimetres, for the
/// analyses' tests, the demo and the benchmarks. Encodes to JSON (``jsonData()``)
/// to sit beside a generated scan.
///
/// In-plane lengths are converted with `voxel.x`, axial positions with `voxel.z`
/// (``AxialPosition/slice`` is fractional; slice `z` samples the plane `s = z·voxel.z`,
/// so a strip top at slice 16.0 is half covered in slice 16). Geometry is
/// stated in the cell frame: for a tilted phantom, in-plane truths hold in the plane
/// normal to the axis, and the axial section of the can becomes an ellipse
/// stretched by `1/cos(tilt)` along the tilt azimuth (≈ 1.00015 at 1°).
public struct PhantomTruth: Codable, Sendable, Equatable {
    public var spec: PhantomSpec
    public var shape: VolumeShape
    public var voxelSize: VoxelSize
    public var bitDepth: Int
    /// Grey levels in output units (before cupping, blur, noise).
    public var levels: PhantomSpec.GreyLevels
    public var thresholds: Thresholds
    public var can: CanTruth
    public var winding: WindingTruth
    public var overhangs: OverhangTruth
    public var quality: QualityTruth

    /// A length in both units.
    public struct Length: Codable, Sendable, Equatable {
        public var px: Double
        public var mm: Double
    }

    /// A position along the cell axis: mm below slice 0, and the same in slices.
    public struct AxialPosition: Codable, Sendable, Equatable {
        public var slice: Double
        public var mm: Double
    }

    /// A pixel position (fractional: pixel centres at integers).
    public struct PixelPoint: Codable, Sendable, Equatable {
        public var row: Double
        public var col: Double
    }

    public struct Thresholds: Codable, Sendable, Equatable {
        /// Midway between air and can: the can ring's boundary at coverage 0.5.
        public var canMidway: Double
        /// The reference's can threshold (100 on 8-bit, 61000 on 16-bit).
        public var canReference: Double
        /// The reference's electrode threshold (52 on 8-bit, scaled for 16-bit):
        /// above the separator and anode, below the cathode.
        public var electrodeReference: Double
    }

    public struct CanTruth: Codable, Sendable, Equatable {
        /// Axis position in the pivot slice, and its move per slice (tilt).
        public var centreAtPivot: PixelPoint
        public var pivotSlice: Double
        public var centreShiftPerSlice: PixelPoint
        public var outerSemiMajor: Length
        public var outerSemiMinor: Length
        public var innerSemiMajor: Length
        public var innerSemiMinor: Length
        /// Major-axis direction, degrees, 0 = +row, 90 = +col.
        public var angleDegrees: Double
        public var eccentricity: Double
        public var wallThickness: Length
        /// `2·sqrt(a·b)` of the outer / inner ellipse (no dents).
        public var outerEquivalentDiameter: Length
        public var innerEquivalentDiameter: Length
        public var dents: [DentTruth]
        /// Largest inward displacement of the outer wall where all dents apply.
        public var maxDent: Length
    }

    public struct DentTruth: Codable, Sendable, Equatable {
        public var depth: Length
        public var angleDegrees: Double
        public var widthDegrees: Double
        public var firstSlice: Double?
        public var lastSlice: Double?
    }

    public struct WindingTruth: Codable, Sendable, Equatable {
        public var centre: PixelPoint
        public var pitch: Length
        /// Slope of every layer's (θ, r) line: pitch/360, px per degree.
        public var slopePxPerDegree: Double
        public var innerRadius: Length
        public var turnsPerStrip: Int
        public var anodeThickness: Length
        public var cathodeThickness: Length
        public var startAngleDegrees: Double
        /// Every piece of both strips after cutting at the seam ray (0°), innermost first.
        public var layers: [WindingLayer]
        /// Number of layers an axial-slice winding analysis finds with the reference
        /// electrode threshold: the cathode pieces (the anode lies below it) whose
        /// area exceeds 64 px (scikit-image `remove_small_objects`), cut at the seam.
        public var expectedLayerCount: Int
        public var buckles: [BuckleTruth]
    }

    /// One piece of a strip between seam crossings: `r = interceptPx + slope·θ`,
    /// θ in degrees in [thetaStart, thetaEnd] ⊂ [0, 360].
    public struct WindingLayer: Codable, Sendable, Equatable {
        public var strip: PhantomSpec.Strip
        public var turn: Int
        public var thetaStartDegrees: Double
        public var thetaEndDegrees: Double
        public var slopePxPerDegree: Double
        public var interceptPx: Double
        public var meanRadius: Length
        /// Centre-line arc length × thickness, px².
        public var areaPx: Double
        /// True when the reference electrode mask holds it (cathode, area > 64 px).
        public var inElectrodeMask: Bool
    }

    public struct BuckleTruth: Codable, Sendable, Equatable {
        public var strip: PhantomSpec.Strip
        public var layers: [Int]
        public var amplitude: Length
        public var angleDegrees: Double
        public var widthDegrees: Double
        public var firstSlice: Double?
        public var lastSlice: Double?
    }

    public struct OverhangTruth: Codable, Sendable, Equatable {
        /// Per anode turn, innermost first.
        public var layers: [OverhangLayer]
        public var count: Int
        public var negativeCount: Int
        public var lengthMean: Length
        public var lengthStd: Length
        public var deflectionMeanDegrees: Double
        public var deflectionStdDegrees: Double
        /// Spread of the overhang bases (the cathode tops), population std.
        public var baseStd: Length
        /// Highest point of the roll (smallest axial position), and its bottom if any.
        public var rollTop: AxialPosition
        public var rollBottom: AxialPosition?
        public var separatorTop: AxialPosition
    }

    /// Anode turn `layer`: base at the neighbouring cathode top, tip `length` above it
    /// (negative: below). Lengths along z in slices (`px`) and mm. Statistics over
    /// layers equal those over all angular sections, since each turn crosses every
    /// half-plane through the axis exactly once.
    public struct OverhangLayer: Codable, Sendable, Equatable {
        public var layer: Int
        public var base: AxialPosition
        public var tip: AxialPosition
        public var length: Length
        public var deflectionDegrees: Double
        /// Radius of the anode centre line at θ = 0°, px.
        public var radiusAtSeamPx: Double
    }

    public struct QualityTruth: Codable, Sendable, Equatable {
        /// Noise sigma in output grey levels.
        public var noiseSigma: Double
        /// `(cathode − separator)/sigma` (nil without noise): see ``PhantomSpec/snr``.
        public var snr: Double?
        public var tiltDegrees: Double
        public var tiltAzimuthDegrees: Double
        public var cupping: Double
        /// `R` of the cupping law: the can's mean inner radius.
        public var cuppingRadius: Length
        /// Intensity at the axis over intensity at `R`: `1 − c`.
        public var cuppingRatio: Double
        public var blurSigmaPx: Double
    }

    public init(spec: PhantomSpec) {
        let px = spec.voxelSize.x, vz = spec.voxelSize.z
        func len(_ mm: Double) -> Length { Length(px: mm / px, mm: mm) }
        func axial(_ mm: Double) -> AxialPosition { AxialPosition(slice: mm / vz, mm: mm) }
        let g = PhantomGeometry(spec: spec)
        self.spec = spec
        shape = VolumeShape(width: spec.width, height: spec.height, depth: spec.depth)
        voxelSize = spec.voxelSize
        bitDepth = spec.bitDepth.bits
        levels = g.levels
        let scale = spec.outputScale
        thresholds = Thresholds(canMidway: min(spec.bitDepth.maxValue, (g.levels.air + g.levels.can) / 2),
                                canReference: 100 * scale, electrodeReference: 52 * scale)

        let centre = PixelPoint(row: Double(spec.height / 2) + spec.axisOffsetRow,
                                col: Double(spec.width / 2) + spec.axisOffsetCol)
        let tau = spec.quality.tiltDegrees * .pi / 180, psi = spec.quality.tiltAzimuthDegrees * .pi / 180
        let shiftMM = vz * tan(tau)
        let shift = PixelPoint(row: shiftMM * cos(psi) / spec.voxelSize.y, col: shiftMM * sin(psi) / spec.voxelSize.x)

        // Can.
        var maxDent = 0.0
        for i in 0 ..< 3600 {
            let theta = Double(i) / 3600 * 2 * .pi
            maxDent = max(maxDent, spec.can.dents.reduce(0) {
                $0 + $1.depth * FastMath.cosineBump(theta - $1.angleDegrees * .pi / 180, width: $1.widthDegrees * .pi / 180)
            })
        }
        can = CanTruth(
            centreAtPivot: centre, pivotSlice: Double(spec.depth - 1) / 2, centreShiftPerSlice: shift,
            outerSemiMajor: len(g.outerA), outerSemiMinor: len(g.outerB),
            innerSemiMajor: len(g.innerA), innerSemiMinor: len(g.innerB),
            angleDegrees: spec.can.angleDegrees, eccentricity: spec.can.eccentricity,
            wallThickness: len(spec.can.wallThickness),
            outerEquivalentDiameter: len(2 * (g.outerA * g.outerB).squareRoot()),
            innerEquivalentDiameter: len(2 * (g.innerA * g.innerB).squareRoot()),
            dents: spec.can.dents.map {
                DentTruth(depth: len($0.depth), angleDegrees: $0.angleDegrees, widthDegrees: $0.widthDegrees,
                          firstSlice: $0.axialRange.map { $0.lowerBound / vz }, lastSlice: $0.axialRange.map { $0.upperBound / vz })
            },
            maxDent: len(maxDent))

        // Winding: cut each strip at the seam ray θ = 0.
        let roll = spec.roll
        var layers: [WindingLayer] = []
        for strip in g.strips {
            let total = 2 * Double.pi * Double(roll.turns)
            var cuts: [Double] = [0]
            var j = (strip.start / (2 * .pi)).rounded(.down) + 1
            while true {
                let phi = 2 * .pi * j - strip.start
                if phi >= total - 1e-9 { break }
                if phi > 1e-9 { cuts.append(phi) }
                j += 1
            }
            cuts.append(total)
            for (a, b) in zip(cuts, cuts.dropLast().dropFirst() + [total]) where b > a {
                let mid = (a + b) / 2
                let n = ((strip.start + mid) / (2 * .pi)).rounded(.down)   // full turns of θ before this piece
                let thetaA = (strip.start + a) * 180 / .pi - 360 * n
                let thetaB = (strip.start + b) * 180 / .pi - 360 * n
                let rA = strip.baseRadius + strip.pitch * a / (2 * .pi)
                let rB = strip.baseRadius + strip.pitch * b / (2 * .pi)
                let pitchPx = strip.pitch / px
                let intercept = strip.baseRadius / px + pitchPx * (360 * n - strip.start * 180 / .pi) / 360
                let arc = (rB * rB - rA * rA) / (2 * strip.pitch / (2 * .pi))   // ∫ r dφ
                let area = arc / px * (2 * strip.halfThickness / px)
                layers.append(WindingLayer(
                    strip: strip.strip, turn: Int((mid / (2 * .pi)).rounded(.down)),
                    thetaStartDegrees: thetaA, thetaEndDegrees: thetaB,
                    slopePxPerDegree: pitchPx / 360, interceptPx: intercept,
                    meanRadius: len((rA + rB) / 2), areaPx: area,
                    inElectrodeMask: strip.strip == .cathode && area > 64))
            }
        }
        layers.sort { $0.meanRadius.px < $1.meanRadius.px }
        winding = WindingTruth(
            centre: centre, pitch: len(roll.pitch), slopePxPerDegree: roll.pitch / px / 360,
            innerRadius: len(roll.innerRadius), turnsPerStrip: roll.turns,
            anodeThickness: len(roll.anodeThickness), cathodeThickness: len(roll.cathodeThickness),
            startAngleDegrees: roll.startAngleDegrees, layers: layers,
            expectedLayerCount: layers.filter(\.inElectrodeMask).count,
            buckles: roll.buckles.map {
                BuckleTruth(strip: $0.strip, layers: $0.layers, amplitude: len($0.amplitude),
                            angleDegrees: $0.angleDegrees, widthDegrees: $0.widthDegrees,
                            firstSlice: $0.axialRange.map { $0.lowerBound / vz }, lastSlice: $0.axialRange.map { $0.upperBound / vz })
            })

        // Overhangs.
        let o = spec.overhangs
        let anode = g.strips[0]
        let oLayers = (0 ..< roll.turns).map { k in
            let phiSeam = FastMath.wrap(-anode.start)   // φ at θ = 0 in [0, 2π)
            let phi = (phiSeam < 0 ? phiSeam + 2 * .pi : phiSeam) + 2 * .pi * Double(k)
            return OverhangLayer(layer: k, base: axial(o.cathodeTop(layer: k)), tip: axial(o.anodeTop(layer: k)),
                                 length: Length(px: o.anodeOverhang(layer: k) / vz, mm: o.anodeOverhang(layer: k)),
                                 deflectionDegrees: o.deflectionDegrees(layer: k),
                                 radiusAtSeamPx: (anode.baseRadius + anode.pitch * phi / (2 * .pi)) / px)
        }
        func meanStd(_ xs: [Double]) -> (Double, Double) {
            let m = xs.reduce(0, +) / Double(xs.count)
            return (m, (xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count)).squareRoot())
        }
        let (lm, ls) = meanStd(oLayers.map(\.length.mm))
        let (dm, ds) = meanStd(oLayers.map(\.deflectionDegrees))
        let (_, bs) = meanStd(oLayers.map(\.base.mm))
        let tops = (0 ..< roll.turns).flatMap { [o.cathodeTop(layer: $0), o.anodeTop(layer: $0)] }
        overhangs = OverhangTruth(
            layers: oLayers, count: oLayers.count, negativeCount: oLayers.filter { $0.length.mm < 0 }.count,
            lengthMean: Length(px: lm / vz, mm: lm), lengthStd: Length(px: ls / vz, mm: ls),
            deflectionMeanDegrees: dm, deflectionStdDegrees: ds, baseStd: Length(px: bs / vz, mm: bs),
            rollTop: axial(tops.min() ?? 0), rollBottom: roll.bottom.map(axial),
            separatorTop: axial(g.separatorTop))

        let sigma = spec.quality.noiseSigma * scale
        quality = QualityTruth(
            noiseSigma: sigma, snr: spec.quality.noiseSigma > 0 ? spec.snr : nil,
            tiltDegrees: spec.quality.tiltDegrees, tiltAzimuthDegrees: spec.quality.tiltAzimuthDegrees,
            cupping: spec.quality.cupping, cuppingRadius: len(g.cuppingRadius),
            cuppingRatio: 1 - spec.quality.cupping, blurSigmaPx: spec.quality.blurSigma)
    }

    /// Can (= cell axis) centre in slice `z`, pixels.
    public func canCentre(slice z: Double) -> PixelPoint {
        PixelPoint(row: can.centreAtPivot.row + (z - can.pivotSlice) * can.centreShiftPerSlice.row,
                   col: can.centreAtPivot.col + (z - can.pivotSlice) * can.centreShiftPerSlice.col)
    }

    /// Ideal centre-line radius of turn `turn` of `strip` at angle θ (degrees, 0 = +row),
    /// before buckles and deflections: `r0 + pitch·(turn + phase/360)` with
    /// `phase = (θ − start) mod 360` (cathode `r0` is `pitch/2` larger).
    public func stripRadius(_ strip: PhantomSpec.Strip, turn: Int, thetaDegrees: Double) -> Length {
        let roll = spec.roll
        var phase = (thetaDegrees - roll.startAngleDegrees).truncatingRemainder(dividingBy: 360)
        if phase < 0 { phase += 360 }
        let mm = roll.innerRadius + (strip == .cathode ? roll.pitch / 2 : 0) + roll.pitch * (Double(turn) + phase / 360)
        return Length(px: mm / voxelSize.x, mm: mm)
    }

    /// Pretty-printed JSON with sorted keys, for the file beside a generated scan.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }
}
