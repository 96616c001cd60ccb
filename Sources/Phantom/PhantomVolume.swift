import Foundation
import Imaging

/// A synthetic scan of the cell described by a ``PhantomSpec``, rendered one
/// slice at a time on demand: it never holds the volume, so a production-size
/// 1000×1000×2000 phantom streams in bounded memory.
///
/// Each slice is a pure function of `(spec, index)`: the noise of slice `z` is
/// seeded from `(spec.seed, z)`, so slices are identical whatever order (or
/// task) they are requested in. The known answer is ``truth``.
///
/// Rendering per pixel: cell-frame coordinates from precomputed per-row and
/// per-column terms (the tilt rotation is linear), radius and angle, then the
/// partial-volume coverage `clamp(0.5 + d, 0, 1)` of each structure from its
/// signed distance `d` in pixels (radial for the can and the strips, along the
/// strip at its ends, axial in slice steps at its top and bottom). Then cupping,
/// blur, noise, rounding and clamping to the output range.
public struct PhantomVolume: SliceSource {
    public let spec: PhantomSpec
    let geometry: PhantomGeometry

    public init(spec: PhantomSpec = PhantomSpec()) throws(PhantomError) {
        try spec.validate()
        self.spec = spec
        geometry = PhantomGeometry(spec: spec)
    }

    public var shape: VolumeShape { VolumeShape(width: spec.width, height: spec.height, depth: spec.depth) }
    public var voxelSize: VoxelSize { spec.voxelSize }

    /// The ground truth of this phantom, in pixels and millimetres.
    public var truth: PhantomTruth { PhantomTruth(spec: spec) }

    public func slice(_ index: Int) throws -> GrayImage {
        guard index >= 0 && index < spec.depth else {
            throw PhantomError.sliceOutOfRange(index: index, depth: spec.depth)
        }
        var image = renderClean(index)
        if spec.quality.blurSigma > 0 { image = GaussianBlur.apply(image, sigma: spec.quality.blurSigma) }
        addNoiseAndQuantise(&image, slice: index)
        return image
    }

    /// The slice before blur, noise and quantisation (exact partial-volume values).
    public func noiselessSlice(_ index: Int) throws -> GrayImage {
        guard index >= 0 && index < spec.depth else {
            throw PhantomError.sliceOutOfRange(index: index, depth: spec.depth)
        }
        return renderClean(index)
    }

    private func addNoiseAndQuantise(_ image: inout GrayImage, slice: Int) {
        let sigma = Float(spec.quality.noiseSigma * spec.outputScale)
        let maxValue = Float(spec.bitDepth.maxValue)
        var noise = GaussianNoise(seed: spec.seed, slice: slice)
        guard spec.bitDepth.isInteger else {
            // Floating-point reconstructions: additive noise, no rounding, no clamping.
            guard sigma > 0 else { return }
            GaussianNoise.quantiles.withUnsafeBufferPointer { table in
                image.pixels.withUnsafeMutableBufferPointer { buffer in
                    for i in buffer.indices { buffer[i] += sigma * noise.next(table) }
                }
            }
            return
        }
        GaussianNoise.quantiles.withUnsafeBufferPointer { table in
            image.pixels.withUnsafeMutableBufferPointer { buffer in
                // Round half up after clamping at 0 (no libm call in the loop).
                if sigma > 0 {
                    for i in buffer.indices {
                        let v = max(0, buffer[i] + sigma * noise.next(table))
                        buffer[i] = min(maxValue, Float(Int(v + 0.5)))
                    }
                } else {
                    for i in buffer.indices { buffer[i] = min(maxValue, Float(Int(max(0, buffer[i]) + 0.5))) }
                }
            }
        }
    }

    private func renderClean(_ z: Int) -> GrayImage {
        let g = geometry
        let width = spec.width, height = spec.height
        let dz = Double(z) * spec.voxelSize.z - g.pivotZ
        // Cell-frame coordinates are linear in col and row: q = colTerm + rowTerm (+ slice constant).
        let constant = g.ez * dz + SIMD3<Double>(0, 0, g.pivotZ)   // s measured from slice 0
        let colTerms = (0 ..< width).map { g.ex * (Double($0) * spec.voxelSize.x - g.axisX) }
        let rowTerms = (0 ..< height).map { g.ey * (Double($0) * spec.voxelSize.y - g.axisY) + constant }
        let colU = colTerms.map(\.x), colV = colTerms.map(\.y), colS = colTerms.map(\.z)
        let tilted = spec.quality.tiltDegrees != 0

        // Per-slice decisions: neighbour turns needed by buckles/deflections. With
        // tilt, s varies across the slice, so scan the slice's range of s.
        let sValues = [rowTerms.first!.z + colS.first!, rowTerms.first!.z + colS.last!,
                       rowTerms.last!.z + colS.first!, rowTerms.last!.z + colS.last!]
        let sMin = sValues.min()!, sMax = sValues.max()!
        let stripShift = g.strips.map { strip -> (neighbours: Int, shifted: Bool) in
            var m = strip.maxShift(atAxial: sMax)
            for s in stride(from: sMin, to: sMax, by: g.sliceStep / 2) { m = max(m, strip.maxShift(atAxial: s)) }
            let shifted = !strip.buckles.isEmpty || strip.tanDeflection.contains { $0 != 0 }
            return (Int((m / strip.pitch).rounded(.up)) + (m > 0 ? 1 : 0), shifted)
        }
        let anode = g.strips[0], cathode = g.strips[1]
        let anodeShift = stripShift[0], cathodeShift = stripShift[1]
        let invPx = 1 / g.pixel, invStep = 1 / g.sliceStep, invPitch = 1 / anode.pitch
        let fastStrips = !anodeShift.shifted && !cathodeShift.shifted
        // Untilted: every pixel has the same s, so each turn's axial coverage is per slice.
        let sliceS = constant.z
        let anodeAxial = (0 ..< anode.turns).map { anode.axialCoverage(turn: $0, s: sliceS, invStep: invStep) }
        let cathodeAxial = (0 ..< cathode.turns).map { cathode.axialCoverage(turn: $0, s: sliceS, invStep: invStep) }

        let hasDents = !spec.can.dents.isEmpty
        let hasThinning = !spec.can.thinnings.isEmpty
        let circular = spec.can.eccentricity == 0
        let levels = g.levels
        let cupping = spec.quality.cupping, invCupR2 = 1 / (g.cuppingRadius * g.cuppingRadius)
        let outerMax = max(g.outerA, g.outerB) + 2 * g.pixel
        // Streaks: amplitude · (r/R) · cos(count·θ) in the air, in output units.
        let streaky = (spec.quality.streaks?.amplitude ?? 0) > 0
        let streakGain = (spec.quality.streaks?.amplitude ?? 0) * spec.outputScale / g.outerA
        let streakCount = Double(spec.quality.streaks?.count ?? 0)
        let rollInner = g.separatorInner - 2 * g.pixel
        let rollTopLimit = g.separatorTop - 2 * g.sliceStep
        let rollBottomLimit = (g.separatorBottom ?? .infinity) + 2 * g.sliceStep

        // Each row runs in three short passes over row buffers (loop fission): short
        // loop bodies let the CPU overlap neighbouring pixels' long dependency chains.
        var pixels = [Float](repeating: 0, count: width * height)
        var rowR = [Double](repeating: 0, count: width), rowTheta = rowR, rowS = rowR
        var rowU = rowR, rowV = rowR, rowCan = rowR, rowInside = rowR
        pixels.withUnsafeMutableBufferPointer { out in
        colU.withUnsafeBufferPointer { cu in colV.withUnsafeBufferPointer { cv in colS.withUnsafeBufferPointer { cs in
        anodeAxial.withUnsafeBufferPointer { aAx in cathodeAxial.withUnsafeBufferPointer { cAx in
        rowR.withUnsafeMutableBufferPointer { rr in rowTheta.withUnsafeMutableBufferPointer { rθ in
        rowS.withUnsafeMutableBufferPointer { rs in rowU.withUnsafeMutableBufferPointer { ru in
        rowV.withUnsafeMutableBufferPointer { rv in rowCan.withUnsafeMutableBufferPointer { rc in
        rowInside.withUnsafeMutableBufferPointer { ri in
            let anodeAx: UnsafeBufferPointer<Double>? = tilted ? nil : aAx
            let cathodeAx: UnsafeBufferPointer<Double>? = tilted ? nil : cAx
            for row in 0 ..< height {
                let rt = rowTerms[row]
                let rowBase = row * width
                // Pass 1: cell-frame coordinates, radius, angle.
                for col in 0 ..< width {
                    let u = rt.x + cu[col], v = rt.y + cv[col]
                    ru[col] = u; rv[col] = v
                    rs[col] = rt.z + cs[col]
                    rr[col] = (u * u + v * v).squareRoot()
                    rθ[col] = FastMath.atan2(u, v)
                }
                // Pass 2: the can wall (air outside, wall, and the inside fraction).
                for col in 0 ..< width {
                    let r = rr[col]
                    var outer = g.outerA, inner = g.innerA
                    if !circular {
                        outer = g.ellipseRadiusFactor(u: ru[col], v: rv[col], r: r, a: g.outerA, b: g.outerB)
                        inner = g.ellipseRadiusFactor(u: ru[col], v: rv[col], r: r, a: g.innerA, b: g.innerB)
                    }
                    if hasDents && r < outerMax {
                        let dent = g.dentDepth(theta: rθ[col], s: rs[col])
                        outer -= dent; inner -= dent
                    }
                    if hasThinning && r < outerMax { inner += g.thinningDepth(theta: rθ[col], s: rs[col]) }
                    let insideOuter = FastMath.coverage((outer - r) * invPx)
                    let insideInner = FastMath.coverage((inner - r) * invPx)
                    var air = levels.air
                    if streaky && insideOuter < 1 { air += streakGain * r * cos(streakCount * rθ[col]) }
                    rc[col] = (1 - insideOuter) * air + max(0, insideOuter - insideInner) * levels.can
                    ri[col] = insideInner
                }
                // Pass 3: the interior (void, separator, strips), cupping, output.
                for col in 0 ..< width {
                    let r = rr[col], s = rs[col], theta = rθ[col]
                    var interior = levels.void
                    if r < g.rollReach && r > rollInner && s > rollTopLimit && s < rollBottomLimit {
                        // Separator band: inner circle, outer edge following the last cathode turn.
                        var phase = theta - cathode.start
                        phase += phase < 0 ? 2 * .pi : 0
                        phase -= phase >= 2 * .pi ? 2 * .pi : 0
                        let sepOuter = g.separatorOuterBase + cathode.pitch * phase * (1 / (2 * .pi))
                        var sep = min(FastMath.coverage((r - g.separatorInner) * invPx),
                                      FastMath.coverage((sepOuter - r) * invPx))
                        sep *= FastMath.coverage((s - g.separatorTop) * invStep)
                        if let b = g.separatorBottom { sep *= FastMath.coverage((b - s) * invStep) }
                        interior += (levels.separator - interior) * sep
                        let ca: (strip: Double, foil: Double), cc: (strip: Double, foil: Double)
                        if fastStrips {
                            // Both strips share the start angle: one turn coordinate serves both.
                            let x = (r - anode.baseRadius) * invPitch - phase * (1 / (2 * .pi))
                            ca = anode.unshiftedCoverage(turnCoordinate: x, phase: phase, r: r, s: s,
                                                         invPixel: invPx, invStep: invStep, axial: anodeAx)
                            cc = cathode.unshiftedCoverage(turnCoordinate: x - 0.5, phase: phase, r: r, s: s,
                                                           invPixel: invPx, invStep: invStep, axial: cathodeAx)
                        } else {
                            ca = anode.coverage(r: r, theta: theta, s: s, invPixel: invPx, invStep: invStep,
                                                neighbours: anodeShift.neighbours, shifted: anodeShift.shifted, axial: anodeAx)
                            cc = cathode.coverage(r: r, theta: theta, s: s, invPixel: invPx, invStep: invStep,
                                                  neighbours: cathodeShift.neighbours, shifted: cathodeShift.shifted, axial: cathodeAx)
                        }
                        interior += (levels.anode - interior) * ca.strip
                        interior += (levels.anodeFoil - interior) * ca.foil
                        interior += (levels.cathode - interior) * cc.strip
                        interior += (levels.cathodeFoil - interior) * cc.foil
                    }
                    var value = rc[col] + ri[col] * interior
                    let q = r * r * invCupR2
                    if cupping != 0 && q < 1 { value *= 1 - cupping * (1 - q) }
                    out[rowBase + col] = Float(value)
                }
            }
        } } } } } } } } } } } } }
        return GrayImage(width: width, height: height, pixels: pixels)
    }
}

/// What is wrong with a phantom request, and what to change.
public enum PhantomError: Error, Equatable, CustomStringConvertible {
    case sliceOutOfRange(index: Int, depth: Int)
    case invalidSpec(String)

    public var description: String {
        switch self {
        case let .sliceOutOfRange(index, depth):
            "phantom slice \(index) requested, but the volume has \(depth) slices (0…\(depth - 1))"
        case let .invalidSpec(reason):
            "invalid phantom spec: \(reason)"
        }
    }
}

extension PhantomSpec {
    /// Checks the spec describes a cell that can be rendered; throws saying what to change.
    public func validate() throws(PhantomError) {
        func fail(_ s: String) throws(PhantomError) { throw PhantomError.invalidSpec(s) }
        if width < 1 || height < 1 || depth < 1 { try fail("volume size \(width)×\(height)×\(depth) must be positive") }
        if voxelSize.x <= 0 || voxelSize.y <= 0 || voxelSize.z <= 0 { try fail("voxel size must be positive") }
        if !(0 ..< 1).contains(can.eccentricity) { try fail("can eccentricity \(can.eccentricity) must be in [0, 1)") }
        if can.wallThickness <= 0 || can.wallThickness >= can.outerDiameter / 2 * (1 - can.eccentricity * can.eccentricity).squareRoot() {
            try fail("can wall thickness \(can.wallThickness) mm must be positive and less than the minor semi-axis")
        }
        if roll.turns < 1 { try fail("the jelly roll needs at least one turn") }
        if roll.pitch <= 0 { try fail("pitch must be positive") }
        if roll.anodeThickness + roll.cathodeThickness >= roll.pitch {
            try fail("anode + cathode thickness (\(roll.anodeThickness + roll.cathodeThickness) mm) must be less than the pitch (\(roll.pitch) mm) to leave separator between them")
        }
        if roll.anodeFoilThickness < 0 || roll.anodeFoilThickness >= roll.anodeThickness
            || roll.cathodeFoilThickness < 0 || roll.cathodeFoilThickness >= roll.cathodeThickness {
            try fail("foil thicknesses must be ≥ 0 and thinner than their strip")
        }
        if roll.innerRadius - roll.anodeThickness / 2 <= 0 { try fail("inner radius must exceed half the anode thickness") }
        let outerStrip = roll.innerRadius + roll.pitch * (Double(roll.turns) + 0.5) + roll.cathodeThickness / 2
        let innerCan = can.outerDiameter / 2 * (1 - can.eccentricity * can.eccentricity).squareRoot() - can.wallThickness
        if outerStrip >= innerCan {
            try fail("the roll (outer radius \(outerStrip) mm) does not fit inside the can (inner minor radius \(innerCan) mm): fewer turns or a smaller pitch")
        }
        if quality.noiseSigma < 0 || quality.blurSigma < 0 { try fail("noise and blur sigma must be ≥ 0") }
        if !(0 ..< 1).contains(quality.cupping) { try fail("cupping \(quality.cupping) must be in [0, 1)") }
        if abs(quality.tiltDegrees) >= 45 { try fail("tilt \(quality.tiltDegrees)° must be below 45°") }
        if let streaks = quality.streaks, streaks.count < 1 || !(streaks.amplitude >= 0) {
            try fail("streaks need a count ≥ 1 and an amplitude ≥ 0, found \(streaks.count) and \(streaks.amplitude)")
        }
    }
}
