import Imaging

extension PhantomSpec {
    /// The nominal small cell: `PhantomSpec()`.
    public static var nominal: PhantomSpec { PhantomSpec() }

    /// A production-size 16-bit scan: 1000×1000×2000 voxels of 0.019 mm, an 18.0 mm
    /// can (947 px), 20 turns of pitch 0.35 mm (18.4 px) per strip from 1.2 mm, 0.12 mm
    /// (6.3 px) electrodes; the roll top 180 slices below slice 0. Render it slice by slice.
    public static var productionSize: PhantomSpec {
        var s = PhantomSpec()
        s.width = 1000; s.height = 1000; s.depth = 2000
        s.voxelSize = VoxelSize(isotropic: 0.019)
        s.bitDepth = .sixteen
        s.roll.innerRadius = 1.2
        s.roll.pitch = 0.35
        s.roll.turns = 20
        s.roll.anodeThickness = 0.12
        s.roll.cathodeThickness = 0.12
        s.roll.separatorMargin = 0.06
        s.overhangs.cathodeTop = 0.019 * 200
        s.overhangs.anodeOverhang = 0.019 * 20
        return s
    }

    /// Signal-to-noise ratio of the cathode layers against the separator:
    /// `(cathode − separator)/noiseSigma`, both in 8-bit reference units
    /// (the ratio is the same in any output scale). Infinite without noise.
    public var snr: Double { (levels.cathode - levels.separator) / quality.noiseSigma }

    /// The noise sigma (8-bit reference units) that gives `snr` as defined by ``snr``.
    public func noiseSigma(forSNR snr: Double) -> Double { (levels.cathode - levels.separator) / snr }

    // MARK: Variants for tests (each returns a modified copy)

    public func withNoise(sigma: Double) -> PhantomSpec { var s = self; s.quality.noiseSigma = sigma; return s }
    public func withSNR(_ snr: Double) -> PhantomSpec { withNoise(sigma: noiseSigma(forSNR: snr)) }
    public func noiseless() -> PhantomSpec { withNoise(sigma: 0) }
    public func withSeed(_ seed: UInt64) -> PhantomSpec { var s = self; s.seed = seed; return s }

    public func withDent(depth: Double, angleDegrees: Double, widthDegrees: Double = 30,
                         axialRange: ClosedRange<Double>? = nil) -> PhantomSpec {
        var s = self
        s.can.dents.append(Dent(depth: depth, angleDegrees: angleDegrees, widthDegrees: widthDegrees, axialRange: axialRange))
        return s
    }

    public func withEllipse(eccentricity: Double, angleDegrees: Double = 0) -> PhantomSpec {
        var s = self; s.can.eccentricity = eccentricity; s.can.angleDegrees = angleDegrees; return s
    }

    public func withBuckle(strip: Strip = .cathode, layers: [Int], amplitude: Double, angleDegrees: Double,
                           widthDegrees: Double = 40, axialRange: ClosedRange<Double>? = nil) -> PhantomSpec {
        var s = self
        s.roll.buckles.append(Buckle(strip: strip, layers: layers, amplitude: amplitude, angleDegrees: angleDegrees,
                                     widthDegrees: widthDegrees, axialRange: axialRange))
        return s
    }

    public func withTilt(degrees: Double, azimuthDegrees: Double = 0) -> PhantomSpec {
        var s = self; s.quality.tiltDegrees = degrees; s.quality.tiltAzimuthDegrees = azimuthDegrees; return s
    }

    public func withCupping(_ depth: Double) -> PhantomSpec { var s = self; s.quality.cupping = depth; return s }
    public func withBlur(sigma: Double) -> PhantomSpec { var s = self; s.quality.blurSigma = sigma; return s }
    /// Under-sampling streaks in the air around the can (see ``Streaks``).
    public func withStreaks(count: Int, amplitude: Double) -> PhantomSpec {
        var s = self; s.quality.streaks = Streaks(count: count, amplitude: amplitude); return s
    }
    public func withBitDepth(_ depth: BitDepth) -> PhantomSpec { var s = self; s.bitDepth = depth; return s }

    /// Per-layer anode overhangs (mm; negative = cathode beyond anode).
    public func withOverhangs(_ lengths: [Double]) -> PhantomSpec {
        var s = self; s.overhangs.anodeOverhangs = lengths; return s
    }

    /// The overhang defect that matters most: anode turn `layer` ends `depth` mm
    /// BELOW its cathode (overhang `-depth`).
    public func withNegativeOverhang(layer: Int, depth: Double = 0.2) -> PhantomSpec {
        var s = self
        var lengths = (0 ..< roll.turns).map { overhangs.anodeOverhang(layer: $0) }
        if layer >= 0 && layer < lengths.count { lengths[layer] = -depth }
        s.overhangs.anodeOverhangs = lengths
        return s
    }

    public func withDeflection(layers: [Int], angleDegrees: Double) -> PhantomSpec {
        var s = self
        s.overhangs.deflections += layers.map { Deflection(layer: $0, angleDegrees: angleDegrees) }
        return s
    }

    /// A closed bottom end of the roll at axial position `bottom` (mm).
    public func withRollBottom(_ bottom: Double) -> PhantomSpec { var s = self; s.roll.bottom = bottom; return s }
}
