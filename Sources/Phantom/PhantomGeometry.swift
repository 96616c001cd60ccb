import Foundation
import Imaging

/// The phantom's geometry in the units the renderer uses: cell-frame millimetres,
/// radians, and output grey levels. Built once from a ``PhantomSpec``; immutable.
struct PhantomGeometry: Sendable {
    let spec: PhantomSpec
    /// In-plane pixel size (mm): distances are divided by it for coverage.
    let pixel: Double
    let sliceStep: Double
    /// Cell axis position (volume mm) at the pivot slice.
    let axisX: Double, axisY: Double, pivotZ: Double
    /// Columns of Rᵀ: the cell-frame (u, v, s) of unit volume steps along x, y, z.
    let ex: SIMD3<Double>, ey: SIMD3<Double>, ez: SIMD3<Double>

    // Can
    let outerA: Double, outerB: Double, innerA: Double, innerB: Double
    let canCos: Double, canSin: Double
    let cuppingRadius: Double

    // Roll
    let strips: [StripGeometry]
    let separatorInner: Double
    let separatorOuterBase: Double     // + pitch·frac(θ) for the outermost cathode turn
    let separatorTop: Double
    let separatorBottom: Double?
    /// Largest radial reach of the roll (mm), to skip the strip work outside it.
    let rollReach: Double
    let levels: PhantomSpec.GreyLevels  // in output units

    init(spec: PhantomSpec) {
        self.spec = spec
        pixel = spec.voxelSize.x
        sliceStep = spec.voxelSize.z
        axisX = (Double(spec.width / 2) + spec.axisOffsetCol) * spec.voxelSize.x
        axisY = (Double(spec.height / 2) + spec.axisOffsetRow) * spec.voxelSize.y
        pivotZ = Double(spec.depth - 1) / 2 * spec.voxelSize.z

        // Rotation taking the volume z axis onto the cell axis a = (sinτ sinψ, sinτ cosψ, cosτ)
        // (x = col, y = row), about k = ẑ × a / |ẑ × a| (Rodrigues).
        let tau = spec.quality.tiltDegrees * .pi / 180
        let psi = spec.quality.tiltAzimuthDegrees * .pi / 180
        let k = SIMD3<Double>(-cos(psi), sin(psi), 0)
        func rotate(_ p: SIMD3<Double>) -> SIMD3<Double> {
            let cross = SIMD3<Double>(k.y * p.z - k.z * p.y, k.z * p.x - k.x * p.z, k.x * p.y - k.y * p.x)
            let dot = (k * p).sum()
            return p * cos(tau) + cross * sin(tau) + k * dot * (1 - cos(tau))
        }
        // R's columns are rotate(e_i); Rᵀ's columns are R's rows.
        let r0 = rotate([1, 0, 0]), r1 = rotate([0, 1, 0]), r2 = rotate([0, 0, 1])
        ex = [r0.x, r1.x, r2.x]
        ey = [r0.y, r1.y, r2.y]
        ez = [r0.z, r1.z, r2.z]

        let can = spec.can
        outerA = can.outerDiameter / 2
        outerB = outerA * (1 - can.eccentricity * can.eccentricity).squareRoot()
        innerA = outerA - can.wallThickness
        innerB = outerB - can.wallThickness
        canCos = cos(can.angleDegrees * .pi / 180)
        canSin = sin(can.angleDegrees * .pi / 180)
        cuppingRadius = (innerA + innerB) / 2

        let roll = spec.roll
        strips = PhantomSpec.Strip.allCases.map { StripGeometry(strip: $0, spec: spec) }
        separatorInner = roll.innerRadius - roll.anodeThickness / 2 - roll.separatorMargin
        separatorOuterBase = roll.innerRadius + roll.pitch / 2 + roll.pitch * Double(roll.turns - 1)
            + roll.cathodeThickness / 2 + roll.separatorMargin
        let tops = (0 ..< roll.turns).flatMap { [spec.overhangs.cathodeTop(layer: $0), spec.overhangs.anodeTop(layer: $0)] }
        separatorTop = (tops.min() ?? 0) - roll.separatorMargin
        separatorBottom = roll.bottom.map { $0 + roll.separatorMargin }
        let maxBuckle = roll.buckles.map { abs($0.amplitude) }.max() ?? 0
        rollReach = separatorOuterBase + roll.pitch + maxBuckle + 2 * pixel

        let scale = spec.outputScale
        var out = spec.levels
        out.air *= scale; out.void *= scale; out.separator *= scale
        out.anode *= scale; out.cathode *= scale; out.can *= scale
        out.anodeFoil *= scale; out.cathodeFoil *= scale
        levels = out
    }

    /// Outer (or inner) can boundary radius along the direction (u, v), before dents:
    /// `ab·r / sqrt((b·P)² + (a·Q)²)` with P, Q the components along the major/minor axis.
    @inline(__always)
    func ellipseRadiusFactor(u: Double, v: Double, r: Double, a: Double, b: Double) -> Double {
        let p = v * canCos + u * canSin
        let q = u * canCos - v * canSin
        let n = ((b * p) * (b * p) + (a * q) * (a * q)).squareRoot()
        return n > 0 ? a * b * r / n : a
    }

    /// Total inward dent displacement (mm) at angle θ and axial position s.
    func dentDepth(theta: Double, s: Double) -> Double { Self.bumps(spec.can.dents, theta: theta, s: s) }

    /// Total wall thinning (mm, inner boundary moved outward) at angle θ and axial position s.
    func thinningDepth(theta: Double, s: Double) -> Double { Self.bumps(spec.can.thinnings, theta: theta, s: s) }

    /// Sum of the cos² bumps that apply at (θ, s).
    static func bumps(_ list: [PhantomSpec.Dent], theta: Double, s: Double) -> Double {
        var total = 0.0
        for dent in list {
            if let range = dent.axialRange, !range.contains(s) { continue }
            total += dent.depth * FastMath.cosineBump(theta - dent.angleDegrees * .pi / 180,
                                                      width: dent.widthDegrees * .pi / 180)
        }
        return total
    }
}

/// One electrode strip, precomputed: its spiral and per-turn ends and shifts.
struct StripGeometry: Sendable {
    let strip: PhantomSpec.Strip
    let baseRadius: Double      // r at φ = 0
    let pitch: Double
    let halfThickness: Double
    /// Half the foil thickness, mm (0 = no foil).
    let foilHalfThickness: Double
    let turns: Int
    let start: Double           // radians
    let top: [Double]           // axial position of each turn's top end
    let base: [Double]          // axial position the deflection pivots about (cathode top)
    let tanDeflection: [Double]
    let bottom: Double?
    let buckles: [PhantomSpec.Buckle]

    init(strip: PhantomSpec.Strip, spec: PhantomSpec) {
        let roll = spec.roll
        self.strip = strip
        pitch = roll.pitch
        turns = roll.turns
        start = roll.startAngleDegrees * .pi / 180
        bottom = roll.bottom
        buckles = roll.buckles.filter { $0.strip == strip }
        let o = spec.overhangs
        switch strip {
        case .anode:
            baseRadius = roll.innerRadius
            halfThickness = roll.anodeThickness / 2
            foilHalfThickness = roll.anodeFoilThickness / 2
            top = (0 ..< turns).map { o.anodeTop(layer: $0) }
            tanDeflection = (0 ..< turns).map { tan(o.deflectionDegrees(layer: $0) * .pi / 180) }
        case .cathode:
            baseRadius = roll.innerRadius + roll.pitch / 2
            halfThickness = roll.cathodeThickness / 2
            foilHalfThickness = roll.cathodeFoilThickness / 2
            top = (0 ..< turns).map { o.cathodeTop(layer: $0) }
            tanDeflection = Array(repeating: 0, count: turns)
        }
        base = (0 ..< turns).map { o.cathodeTop(layer: $0) }
    }

    /// Largest radial shift any turn can have at axial position `s` (mm), which
    /// decides how many neighbouring turns a pixel must be tested against.
    func maxShift(atAxial s: Double) -> Double {
        var m = 0.0
        for b in buckles where b.axialRange?.contains(s) ?? true { m = max(m, abs(b.amplitude)) }
        for k in 0 ..< turns where tanDeflection[k] != 0 && s < base[k] {
            m = max(m, abs((base[k] - s) * tanDeflection[k]))
        }
        return m
    }

    /// Radial shift (mm, outward) of turn `k` at angle θ and axial position s.
    @inline(__always)
    func shift(turn k: Int, theta: Double, s: Double) -> Double {
        var d = 0.0
        for b in buckles where b.layers.contains(k) && (b.axialRange?.contains(s) ?? true) {
            d += b.amplitude * FastMath.cosineBump(theta - b.angleDegrees * .pi / 180, width: b.widthDegrees * .pi / 180)
        }
        if tanDeflection[k] != 0 && s < base[k] { d += (base[k] - s) * tanDeflection[k] }
        return d
    }

    /// Axial coverage of turn `k`'s ends (top, and bottom if any) at axial position s.
    @inline(__always)
    func axialCoverage(turn k: Int, s: Double, invStep: Double) -> Double {
        var axial = FastMath.coverage((s - top[k]) * invStep)
        if let bottom { axial *= FastMath.coverage((bottom - s) * invStep) }
        return axial
    }

    /// The fast path of ``coverage(r:theta:s:invPixel:invStep:neighbours:shifted:axial:)``
    /// for strips without buckles or deflections: one candidate turn, given the
    /// pixel's turn coordinate `x = (r − baseRadius)/pitch − frac` and its phase.
    @inline(__always)
    func unshiftedCoverage(turnCoordinate x: Double, phase: Double, r: Double, s: Double,
                           invPixel: Double, invStep: Double, axial: UnsafeBufferPointer<Double>?) -> (strip: Double, foil: Double) {
        // Branch-free apart from the rare strip ends: strip edges are everywhere in
        // the roll, so branching on them would mispredict every few pixels.
        let k = FastMath.nearestInt(x)
        let distance = abs(x - Double(k)) * pitch
        let radial = FastMath.coverage((halfThickness - distance) * invPixel)
        let phi = phase + 2 * .pi * Double(k)
        let along = FastMath.coverage(min(phi, 2 * .pi * Double(turns) - phi) * r * invPixel)
        let turn = min(max(k, 0), turns - 1)
        let ax = axial?[turn] ?? axialCoverage(turn: turn, s: s, invStep: invStep)
        let foil = foilHalfThickness > 0 ? FastMath.bandCoverage(distance * invPixel, halfWidth: foilHalfThickness * invPixel) : 0
        return (radial * along * ax, foil * along * ax)
    }

    /// Fraction of the pixel at cell-frame radius r (mm), angle θ, axial s covered
    /// by this strip. `neighbours` = extra turns to test on each side (for shifts);
    /// `axial`, when given, holds each turn's axial coverage for this slice (untilted).
    @inline(__always)
    func coverage(r: Double, theta: Double, s: Double, invPixel: Double, invStep: Double,
                  neighbours: Int, shifted: Bool, axial: UnsafeBufferPointer<Double>?) -> (strip: Double, foil: Double) {
        var phase = theta - start
        if phase < 0 { phase += 2 * .pi }
        if phase >= 2 * .pi { phase -= 2 * .pi }
        let frac = phase * (1 / (2 * .pi))
        let nearest = FastMath.nearestInt((r - baseRadius) / pitch - frac)
        var best = 0.0, bestFoil = 0.0
        let lo = max(nearest - neighbours, -1), hi = min(nearest + neighbours, turns)
        if lo > hi { return (0, 0) }
        for k in lo ... hi {
            let turn = min(max(k, 0), turns - 1)
            var centre = baseRadius + pitch * (Double(k) + frac)
            if shifted { centre += shift(turn: turn, theta: theta, s: s) }
            let radial = FastMath.coverage((halfThickness - abs(r - centre)) * invPixel)
            if radial == 0 { continue }
            let phi = phase + 2 * .pi * Double(k)
            let along = FastMath.coverage(min(phi, 2 * .pi * Double(turns) - phi) * r * invPixel)
            if along == 0 { continue }
            let ax = axial?[turn] ?? axialCoverage(turn: turn, s: s, invStep: invStep)
            best = max(best, radial * along * ax)
            if foilHalfThickness > 0 {
                let foil = FastMath.bandCoverage(abs(r - centre) * invPixel, halfWidth: foilHalfThickness * invPixel)
                bestFoil = max(bestFoil, foil * along * ax)
            }
        }
        return (best, bestFoil)
    }
}
