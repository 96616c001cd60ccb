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
        let sigma = Float(spec.quality.noiseSigma * spec.bitDepth.scale)
        let maxValue = Float(spec.bitDepth.maxValue)
        var noise = GaussianNoise(seed: spec.seed, slice: slice)
        image.pixels.withUnsafeMutableBufferPointer { buffer in
            for i in buffer.indices {
                var v = buffer[i]
                if sigma > 0 { v += sigma * noise.next() }
                buffer[i] = min(maxValue, max(0, v.rounded()))
            }
        }
    }

    private func renderClean(_ z: Int) -> GrayImage {
        let g = geometry
        let width = spec.width, height = spec.height
        let dz = Double(z) * spec.voxelSize.z - g.pivotZ
        let constant = g.ez * dz + SIMD3<Double>(0, 0, g.pivotZ)   // s measured from slice 0
        let colTerms = (0 ..< width).map { g.ex * (Double($0) * spec.voxelSize.x - g.axisX) }
        let rowTerms = (0 ..< height).map { g.ey * (Double($0) * spec.voxelSize.y - g.axisY) + constant }

        // Per-slice decisions: neighbour turns needed by buckles/deflections, and
        // whether anything angular (dents) applies. With tilt, s varies across the
        // slice, so evaluate the extremes over the slice's corners.
        let sValues = [rowTerms.first!.z + colTerms.first!.z, rowTerms.first!.z + colTerms.last!.z,
                       rowTerms.last!.z + colTerms.first!.z, rowTerms.last!.z + colTerms.last!.z]
        let sMin = sValues.min()!, sMax = sValues.max()!
        let stripShift = g.strips.map { strip -> (neighbours: Int, shifted: Bool) in
            var m = 0.0
            for s in stride(from: sMin, through: sMax + g.sliceStep, by: g.sliceStep) { m = max(m, strip.maxShift(atAxial: min(s, sMax))) }
            m = max(m, strip.maxShift(atAxial: sMax))
            let shifted = !strip.buckles.isEmpty || strip.tanDeflection.contains { $0 != 0 }
            return (Int((m / strip.pitch).rounded(.up)) + (m > 0 ? 1 : 0), shifted)
        }
        let anode = g.strips[0], cathode = g.strips[1]
        let anodeShift = stripShift[0], cathodeShift = stripShift[1]
        let hasDents = !spec.can.dents.isEmpty
        let levels = g.levels
        let pixel = g.pixel, step = g.sliceStep
        let cupping = spec.quality.cupping, cupR2 = g.cuppingRadius * g.cuppingRadius
        let outerMax = max(g.outerA, g.outerB) + 2 * pixel
        let rollTopLimit = g.separatorTop - 2 * step
        let rollBottomLimit = (g.separatorBottom ?? .infinity) + 2 * step

        var pixels = [Float](repeating: 0, count: width * height)
        pixels.withUnsafeMutableBufferPointer { out in
            colTerms.withUnsafeBufferPointer { cols in
                for row in 0 ..< height {
                    let rt = rowTerms[row]
                    let rowBase = row * width
                    for col in 0 ..< width {
                        let q = rt + cols[col]
                        let u = q.x, v = q.y, s = q.z
                        let r2 = u * u + v * v
                        let r = r2.squareRoot()
                        if r > outerMax {
                            out[rowBase + col] = Float(levels.air)
                            continue
                        }
                        let theta = FastMath.atan2(u, v)
                        let dent = hasDents ? g.dentDepth(theta: theta, s: s) : 0
                        let outer = g.ellipseRadiusFactor(u: u, v: v, r: r, a: g.outerA, b: g.outerB) - dent
                        let inner = g.ellipseRadiusFactor(u: u, v: v, r: r, a: g.innerA, b: g.innerB) - dent
                        let insideOuter = FastMath.coverage((outer - r) / pixel)
                        let insideInner = FastMath.coverage((inner - r) / pixel)
                        let wall = max(0, insideOuter - insideInner)

                        var interior = levels.void
                        if r < g.rollReach && s > rollTopLimit && s < rollBottomLimit {
                            // Separator band: inner circle, outer edge following the last cathode turn.
                            var phase = theta - cathode.start
                            if phase < 0 { phase += 2 * .pi }
                            if phase >= 2 * .pi { phase -= 2 * .pi }
                            let sepOuter = g.separatorOuterBase + cathode.pitch * phase / (2 * .pi)
                            var sep = min(FastMath.coverage((r - g.separatorInner) / pixel),
                                          FastMath.coverage((sepOuter - r) / pixel))
                            sep *= FastMath.coverage((s - g.separatorTop) / step)
                            if let b = g.separatorBottom { sep *= FastMath.coverage((b - s) / step) }
                            if sep > 0 {
                                interior += (levels.separator - interior) * sep
                                let ca = anode.coverage(r: r, theta: theta, s: s, pixel: pixel, sliceStep: step,
                                                        neighbours: anodeShift.neighbours, shifted: anodeShift.shifted)
                                interior += (levels.anode - interior) * ca
                                let cc = cathode.coverage(r: r, theta: theta, s: s, pixel: pixel, sliceStep: step,
                                                          neighbours: cathodeShift.neighbours, shifted: cathodeShift.shifted)
                                interior += (levels.cathode - interior) * cc
                            }
                        }
                        var value = (1 - insideOuter) * levels.air + wall * levels.can + insideInner * interior
                        if cupping != 0 && r2 < cupR2 { value *= 1 - cupping * (1 - r2 / cupR2) }
                        out[rowBase + col] = Float(value)
                    }
                }
            }
        }
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
        if roll.innerRadius - roll.anodeThickness / 2 <= 0 { try fail("inner radius must exceed half the anode thickness") }
        let outerStrip = roll.innerRadius + roll.pitch * (Double(roll.turns) + 0.5) + roll.cathodeThickness / 2
        let innerCan = can.outerDiameter / 2 * (1 - can.eccentricity * can.eccentricity).squareRoot() - can.wallThickness
        if outerStrip >= innerCan {
            try fail("the roll (outer radius \(outerStrip) mm) does not fit inside the can (inner minor radius \(innerCan) mm): fewer turns or a smaller pitch")
        }
        if quality.noiseSigma < 0 || quality.blurSigma < 0 { try fail("noise and blur sigma must be ≥ 0") }
        if !(0 ..< 1).contains(quality.cupping) { try fail("cupping \(quality.cupping) must be in [0, 1)") }
        if abs(quality.tiltDegrees) >= 45 { try fail("tilt \(quality.tiltDegrees)° must be below 45°") }
    }
}
