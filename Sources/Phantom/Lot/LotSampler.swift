import Foundation
import Imaging

/// Draws the cells of a validation lot: formats, voxel sizes, bit depths,
/// electrode polarity, grey levels, noise, blur, cupping, tilt, axis position,
/// seam angle, and defects spanning both sides of each limit, about half the
/// cells nominal. Cell `i` depends only on `(seed, i)`.
///
/// What it does not draw (yet): the cap and header in view, the cell's bottom,
/// ring artefacts, a negative overhang over only part of a turn.
public struct LotSampler: Sendable {
    public var seed: UInt64
    public var profile: Profile

    /// What the lot spans.
    public enum Profile: String, Sendable, Codable, CaseIterable {
        /// Every format at the voxel sizes it is scanned at (0.015–0.06 mm): the validation lot.
        case full
        /// 21700 cells at 0.035–0.045 mm (fine enough that a nominal wall is more than
        /// a voxel from its limits), at most 40 slices, each defect class in turn (cell
        /// `i` carries class `i mod 8`), polarity and bit depth alternating: small
        /// enough for the test suite's debug build.
        case small
    }

    public init(seed: UInt64, profile: Profile = .full) {
        self.seed = seed
        self.profile = profile
    }

    /// Share of each defect class in the lot (sums to 1).
    public static let defectMix: [(LotDefect.Kind, Double)] = [
        (.none, 0.42), (.dent, 0.10), (.ovality, 0.08), (.wallThinning, 0.08), (.buckle, 0.10),
        (.negativeOverhang, 0.10), (.shortOverhang, 0.04), (.unmeasurable, 0.08),
    ]

    public func cell(_ index: Int) -> LotCell {
        var rng = LotRandom(seed: seed, stream: index)
        return Self.draw(id: String(format: "C%04d", index + 1), seed: seed &+ UInt64(index) &* 7919, index: index,
                         profile: profile, rng: &rng)
    }

    /// Scan `number` (1, 2, …) of the same physical cell again: new noise, the cell
    /// turned in its holder by a random angle and seated again (axis position and
    /// tilt drawn anew within the nominal range). Nothing physical changes.
    public func rescan(of cell: LotCell, number: Int) -> LotCell {
        var rng = LotRandom(seed: seed ^ 0xA5A5_A5A5, stream: Int(truncatingIfNeeded: cell.spec.seed) &+ number)
        var out = cell
        out.id = "\(cell.cell)-R\(number)"
        out.rescan = number
        var s = cell.spec
        s.seed = cell.spec.seed &+ UInt64(number) &* 1_000_003
        let turn = rng.uniform(0...360)
        s.roll.startAngleDegrees += turn
        s.can.angleDegrees += turn
        s.can.dents = s.can.dents.map { var d = $0; d.angleDegrees += turn; return d }
        s.can.thinnings = s.can.thinnings.map { var d = $0; d.angleDegrees += turn; return d }
        s.roll.buckles = s.roll.buckles.map { var b = $0; b.angleDegrees += turn; return b }
        if cell.defect.kind != .unmeasurable {
            s.quality.tiltDegrees = rng.uniform(0...0.6)
        }
        s.quality.tiltAzimuthDegrees = rng.uniform(0...360)
        let slack = Double(s.width) * 0.02
        s.axisOffsetRow = rng.uniform(-slack...slack)
        s.axisOffsetCol = rng.uniform(-slack...slack)
        out.spec = s
        out.quality.tiltDegrees = s.quality.tiltDegrees
        return out
    }

    // MARK: the draw

    static func draw(id: String, seed: UInt64, index: Int, profile: Profile, rng: inout LotRandom) -> LotCell {
        let small = profile == .small
        var design = rng.unit() < 0.45 ? CellDesign.r18650 : (rng.unit() < 0.64 ? CellDesign.r21700 : CellDesign.r4680)
        var kind = pickDefect(&rng)
        if small {
            design = .r21700
            design.voxel = 0.035...0.045
            kind = defectMix[index % defectMix.count].0
        }
        var s = PhantomSpec()
        s.seed = seed

        // Voxels: in-plane log-uniform over the format's range, z equal or coarser.
        let vx = rng.logUniform(design.voxel)
        let vz = vx * rng.pick([1, 1, 1.5, 2])
        s.voxelSize = VoxelSize(x: vx, y: vx, z: vz)

        // Can.
        s.can.outerDiameter = design.outerDiameter + 0.02 * rng.normal()
        s.can.wallThickness = design.wallThickness + 0.004 * rng.normal()
        if kind == .ovality {
            s.can.eccentricity = rng.uniform(0.04...0.30)
            s.can.angleDegrees = rng.uniform(0...180)
        } else {
            s.can.eccentricity = rng.uniform(0...0.03)
            s.can.angleDegrees = rng.uniform(0...180)
        }

        // Roll: pitch, electrode shares, foils, turns to fill the can.
        let pitch = rng.uniform(design.pitch)
        let separatorShare = rng.uniform(0.12...0.25)
        let anodeShare = rng.uniform(0.50...0.58)
        s.roll.pitch = pitch
        s.roll.anodeThickness = pitch * (1 - separatorShare) * anodeShare
        s.roll.cathodeThickness = pitch * (1 - separatorShare) * (1 - anodeShare)
        s.roll.anodeFoilThickness = rng.uniform(0.008...0.012)
        s.roll.cathodeFoilThickness = rng.uniform(0.012...0.016)
        s.roll.separatorMargin = rng.uniform(0.03...0.06)
        s.roll.innerRadius = rng.uniform(design.mandrelRadius) + s.roll.anodeThickness / 2 + s.roll.separatorMargin
        s.roll.startAngleDegrees = rng.uniform(0...360)
        let minorInner = s.can.outerDiameter / 2 * (1 - s.can.eccentricity * s.can.eccentricity).squareRoot() - s.can.wallThickness
        let gap = rng.uniform(0.15...0.40)
        let reach = minorInner - gap - s.roll.cathodeThickness / 2 - s.roll.separatorMargin - s.roll.innerRadius
        s.roll.turns = max(3, Int((reach / pitch - 0.5).rounded(.down)))

        // Grey levels (8-bit reference units), polarity, sample format.
        var polarity: LotCell.Polarity = rng.chance(0.5) ? .cathodeBrighter : .anodeBrighter
        if small { polarity = index % 2 == 0 ? .cathodeBrighter : .anodeBrighter }
        var levels = PhantomSpec.GreyLevels()
        levels.air = rng.uniform(0...12)
        levels.void = levels.air + rng.uniform(5...20)
        levels.separator = levels.void + rng.uniform(5...20)
        let darker = levels.separator + rng.uniform(6...20)
        let brighter = darker + rng.uniform(15...45)
        (levels.cathode, levels.anode) = polarity == .cathodeBrighter ? (brighter, darker) : (darker, brighter)
        levels.can = min(250, brighter + rng.uniform(60...120))
        levels.anodeFoil = max(levels.anode, levels.cathode) + rng.uniform(30...100)
        levels.cathodeFoil = levels.cathode + rng.uniform(-8...8)
        s.levels = levels
        var sampleKind = rng.pick(["8", "8", "16", "16u", "16u", "32f"])
        if small { sampleKind = ["8", "16", "16u", "32f"][(index / 2) % 4] }
        switch sampleKind {
        case "16": s.bitDepth = .sixteen
        case "16u": s.bitDepth = .sixteen; s.levelScale = rng.uniform(0.5...0.9) * 65535 / (levels.can + 10)
        case "32f": s.bitDepth = .float32; s.levelScale = rng.logUniform(0.0001...0.01)
        default: s.bitDepth = .eight
        }

        // Scan quality, nominal: inside the gate's limits with room to spare.
        var cnr = rng.logUniform(6...40)
        s.quality.tiltDegrees = rng.uniform(0...0.6)
        s.quality.tiltAzimuthDegrees = rng.uniform(0...360)
        s.quality.cupping = rng.uniform(0...0.06)
        s.quality.blurSigma = rng.chance(0.5) ? rng.uniform(0...0.7) : 0
        var unmeasurableSummary = ""
        if kind == .unmeasurable {
            switch rng.integer(0...2) {
            case 0: s.quality.tiltDegrees = rng.uniform(1.5...3); unmeasurableSummary = "tilt \(fmt(s.quality.tiltDegrees))°"
            case 1: s.quality.cupping = rng.uniform(0.15...0.30); unmeasurableSummary = "cupping \(fmt(s.quality.cupping))"
            default: cnr = rng.uniform(1.5...3); unmeasurableSummary = "CNR \(fmt(cnr))"
            }
        }
        s.quality.noiseSigma = (brighter - levels.separator) / cnr
        if rng.chance(0.25) {
            s.quality.streaks = PhantomSpec.Streaks(count: rng.integer(200...600),
                                                    amplitude: rng.uniform(0.05...0.3) * s.quality.noiseSigma)
        }

        // Image: the whole can with air around it, the axis off the image centre.
        let canPx = s.can.outerDiameter / vx
        let slack = (0.02 * canPx).rounded(.up)
        let margin = max(24, Int((0.04 * canPx).rounded(.up))) + Int(slack)
        s.width = Int(canPx.rounded(.up)) + 2 * margin
        s.height = s.width
        s.axisOffsetRow = rng.uniform(-slack...slack)
        s.axisOffsetCol = rng.uniform(-slack...slack)

        // Axial layout: head space, anode tips, cathode tops, then the body.
        let headSpace = rng.uniform(0.2...0.35)
        let nominalOverhang = rng.uniform(0.25...0.60)
        var overhangs = (0..<s.roll.turns).map { _ in max(0.12, nominalOverhang + 0.02 * rng.normal()) }
        var defect = LotDefect.none
        let turns = s.roll.turns
        switch kind {
        case .negativeOverhang:
            let k = rng.integer(1...(turns - 2)), shortfall = rng.uniform(0.05...0.5)
            overhangs[k] = -shortfall
            defect = LotDefect(kind: kind, size: shortfall, unit: "mm", metric: "overhang.negative_count",
                               summary: "anode turn \(k) ends \(fmt(shortfall)) mm below its cathode")
        case .shortOverhang:
            let k = rng.integer(1...(turns - 2)), length = rng.uniform(0.02...0.12)
            overhangs[k] = length
            defect = LotDefect(kind: kind, size: length, unit: "mm", metric: "overhang.length_min_mm",
                               summary: "anode turn \(k) overhangs only \(fmt(length)) mm")
        default: break
        }
        s.overhangs.anodeOverhangs = overhangs
        s.overhangs.cathodeTopOffsets = (0..<turns).map { _ in 0.015 * rng.normal() }
        let topOffsetMax = s.overhangs.cathodeTopOffsets.max() ?? 0
        let tipRise = zip(overhangs, s.overhangs.cathodeTopOffsets).map { $0 - $1 }.max() ?? 0
        s.overhangs.cathodeTop = headSpace + max(0, tipRise)
        let bodyStart = s.overhangs.cathodeTop + topOffsetMax + 0.05
        // Bounded slice count keeps a 200-cell lot within minutes; the body below the
        // cathode tops is at least 1 mm wherever the voxel allows.
        let extent = max(rng.uniform(1.9...2.6), bodyStart + 1.0)
        s.depth = min(small ? 40 : 120, max(40, Int((extent / vz).rounded(.up))))
        let end = Double(s.depth) * vz
        func bodyRange(length: ClosedRange<Double>) -> ClosedRange<Double>? {
            if rng.chance(0.5) { return nil }
            let lo = bodyStart + 0.2, hi = end - 0.1
            let l = min(rng.uniform(length), hi - lo)
            let start = rng.uniform(lo...(hi - l))
            return start...(start + l)
        }

        // Defects of the can and the roll.
        switch kind {
        case .dent:
            let depth = rng.logUniform((0.3 * design.dentReference)...(3 * design.dentReference))
            let width = rng.uniform(20...60), angle = rng.uniform(0...360), range = bodyRange(length: 0.4...1.2)
            s.can.dents = [PhantomSpec.Dent(depth: depth, angleDegrees: angle, widthDegrees: width, axialRange: range)]
            defect = LotDefect(kind: kind, size: depth, unit: "mm", metric: "can.max_dent_mm",
                               summary: "dent \(fmt(depth)) mm, \(fmt(width))° wide, \(range.map { "\(fmt($0.upperBound - $0.lowerBound)) mm long" } ?? "full length")")
        case .ovality:
            defect = LotDefect(kind: kind, size: s.can.eccentricity, unit: "", metric: "can.eccentricity",
                               summary: "eccentricity \(fmt(s.can.eccentricity))")
        case .wallThinning:
            let depth = rng.uniform((0.2 * design.thinningReference)...(2 * design.thinningReference))
            let width = rng.uniform(15...45), angle = rng.uniform(0...360), range = bodyRange(length: 0.4...1.2)
            s.can.thinnings = [PhantomSpec.Dent(depth: depth, angleDegrees: angle, widthDegrees: width, axialRange: range)]
            defect = LotDefect(kind: kind, size: depth, unit: "mm", metric: "can.wall_thickness_min_mm",
                               summary: "wall thinned by \(fmt(depth)) mm, \(fmt(width))° wide")
        case .buckle:
            let amplitude = rng.logUniform((0.3 * design.buckleReference)...(2.5 * design.buckleReference))
            let count = rng.integer(1...3), first = rng.integer(1...max(1, turns - 4))
            let layers = Array(first..<min(turns, first + count))
            let sign: Double = rng.chance(0.5) ? 1 : -1
            let width = rng.uniform(25...70), angle = rng.uniform(0...360), range = bodyRange(length: 0.6...1.4)
            for strip in PhantomSpec.Strip.allCases {
                s.roll.buckles.append(PhantomSpec.Buckle(strip: strip, layers: layers, amplitude: sign * amplitude,
                                                         angleDegrees: angle, widthDegrees: width, axialRange: range))
            }
            defect = LotDefect(kind: kind, size: amplitude, unit: "mm", metric: "winding.max_radial_excursion_mm",
                               summary: "buckle \(fmt(sign * amplitude)) mm over turns \(layers.map(String.init).joined(separator: ",")), \(fmt(width))° wide")
        case .unmeasurable:
            defect = LotDefect(kind: kind, size: 0, unit: "", metric: nil, summary: unmeasurableSummary)
        default: break
        }

        let truth = LotMetricTruth(spec: s, bodyStart: bodyStart)
        return LotCell(id: id, cell: id, rescan: 0, format: design.format, design: design, spec: s, defect: defect,
                       polarity: polarity, sampleKind: sampleKind, metrics: truth.metrics,
                       quality: LotCell.QualityTruth(tiltDegrees: s.quality.tiltDegrees, cupping: s.quality.cupping,
                                                     contrastToNoise: cnr, blurSigmaPx: s.quality.blurSigma))
    }

    static func pickDefect(_ rng: inout LotRandom) -> LotDefect.Kind {
        var u = rng.unit()
        for (kind, share) in defectMix {
            if u < share { return kind }
            u -= share
        }
        return .none
    }

    static func fmt(_ x: Double) -> String { String(format: "%.3g", x) }
}
