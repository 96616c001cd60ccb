import Imaging

/// Everything that defines a synthetic cylindrical cell scan, in physical units.
///
/// `PhantomSpec()` is a nominal 18650-like cell scaled to a small volume:
/// 320×320 px × 48 slices of 0.06 mm voxels, an 18.0 mm steel can with a
/// 0.30 mm wall, and an 8-turn jelly roll of pitch 0.72 mm (12 px) whose top
/// lies inside the volume. Real 18650 rolls have ~20 turns of pitch ~0.35 mm; the
/// pitch is doubled here so every layer is several pixels thick at this voxel size.
///
/// ## Frames and conventions
/// - Pixel `(row, col)` of slice `z` has its centre at volume position
///   `x = col·voxel.x`, `y = row·voxel.y`, `z = z·voxel.z` (mm).
/// - The **cell frame** has its origin on the cell axis at the pivot slice
///   `(depth − 1)/2`; a voxel's position relative to the axis point there is
///   rotated by the tilt (see ``ScanQuality/tiltDegrees``) into cell coordinates
///   `(u, v, s)`: `u` along +col, `v` along +row, `s` along the axis. `s` is
///   reported as the **axial position**: mm below slice 0 along the cell axis
///   (untilted: `s = z·voxel.z`). Small `s` = top of the cell.
/// - **Angles** follow the reference winding analysis (docs/method.md step 5):
///   `θ = atan2(u, v)`, so 0° points down the image (+row) and 90° along +col.
/// - Grey levels (``GreyLevels``) and the noise sigma are in **8-bit reference
///   units**; the output is scaled by ``BitDepth/scale`` (1 for 8-bit, 610 for
///   16-bit) and rounded and clamped to the output range.
public struct PhantomSpec: Codable, Sendable, Equatable {
    /// Volume size in pixels and slices.
    public var width: Int = 320
    public var height: Int = 320
    public var depth: Int = 48
    /// Voxel size in mm (anisotropic allowed; in-plane distances use `x`).
    public var voxelSize: VoxelSize = VoxelSize(isotropic: 0.06)
    public var bitDepth: BitDepth = .eight
    /// Factor from 8-bit reference units to output grey levels; nil = the bit
    /// depth's own (``BitDepth/scale``). A 16-bit scan whose can is not clipped
    /// has a smaller one (e.g. 250: can 190 → 47 500); a float32 scan in
    /// attenuation units a small one (e.g. 0.0005 per mm).
    public var levelScale: Double? = nil
    /// Seed of the noise; the noise of slice `z` is seeded from `(seed, z)`.
    public var seed: UInt64 = 1
    /// Cell axis position in the pivot slice, relative to the image centre
    /// `(height/2, width/2)`, in pixels. The default puts the axis exactly on a
    /// pixel centre, so an analysis that truncates the centre to integers is exact.
    public var axisOffsetRow: Double = 0
    public var axisOffsetCol: Double = 0

    public var can = Can()
    public var roll = JellyRoll()
    public var overhangs = Overhangs()
    public var quality = ScanQuality()
    public var levels = GreyLevels()

    public init() {}

    /// Output sample depth and the factor from 8-bit reference units to output grey levels.
    public enum BitDepth: String, Codable, Sendable, Equatable {
        case eight = "8"
        case sixteen = "16"
        /// 32-bit floating point: levels neither rounded nor clamped (noise may go below 0).
        case float32 = "32f"

        /// 16-bit levels are 610 × the 8-bit ones, clamped at 65535: the reference
        /// can thresholds then coincide (100 × 610 = 61000, docs/method.md step 2) and the
        /// can saturates as it does in the example `im_1.tif`. Float: 1/1000.
        public var scale: Double {
            switch self {
            case .eight: 1
            case .sixteen: 610
            case .float32: 0.001
            }
        }
        /// Largest output value (clamped to it); infinite for float.
        public var maxValue: Double {
            switch self {
            case .eight: 255
            case .sixteen: 65535
            case .float32: .infinity
            }
        }
        public var bits: Int {
            switch self {
            case .eight: 8
            case .sixteen: 16
            case .float32: 32
            }
        }
        public var isInteger: Bool { self != .float32 }
    }

    /// The factor from 8-bit reference units to output grey levels in force.
    public var outputScale: Double { levelScale ?? bitDepth.scale }

    /// The steel can: an elliptic tube with a constant wall and optional dents.
    public struct Can: Codable, Sendable, Equatable {
        /// Outer diameter along the major axis, mm: major semi-axis `a = D/2`.
        public var outerDiameter: Double = 18.0
        /// Eccentricity `sqrt(1 − (b/a)²)` of the outer ellipse: `b = a·sqrt(1 − e²)`.
        public var eccentricity: Double = 0
        /// Direction of the major axis, degrees, in the cell-frame angle convention.
        public var angleDegrees: Double = 0
        /// Wall thickness, mm. The inner boundary is the ellipse `(a − w, b − w)`,
        /// whose normal distance to the outer one equals `w` to second order in
        /// the eccentricity (< 0.1 % off for e ≤ 0.3).
        public var wallThickness: Double = 0.30
        public var dents: [Dent] = []
        /// Local wall thinning: the INNER boundary only moves outward by the bump
        /// (same shape as a dent), so the wall is `wallThickness − depth` at its centre.
        public var thinnings: [Dent] = []
        public init() {}
    }

    /// An inward radial displacement of BOTH wall boundaries:
    /// `depth · cos²(π·Δθ/width)` for `|Δθ| < width/2` (Δθ from `angleDegrees`), so the
    /// bump is `width` wide at its base and `width/2` at half depth.
    public struct Dent: Codable, Sendable, Equatable {
        public var depth: Double            // mm
        public var angleDegrees: Double
        public var widthDegrees: Double
        /// Axial positions (mm, see ``PhantomSpec``) where the dent exists; nil = everywhere.
        public var axialRange: ClosedRange<Double>?
        public init(depth: Double, angleDegrees: Double, widthDegrees: Double = 30, axialRange: ClosedRange<Double>? = nil) {
            self.depth = depth; self.angleDegrees = angleDegrees
            self.widthDegrees = widthDegrees; self.axialRange = axialRange
        }
    }

    /// Which electrode strip of the jelly roll.
    public enum Strip: String, Codable, Sendable, Equatable, CaseIterable {
        case anode, cathode
    }

    /// The wound electrode stack: two interleaved Archimedean spirals.
    ///
    /// Anode centre line: `r = innerRadius + pitch·φ/2π`; cathode: the same plus
    /// `pitch/2`; `φ ∈ [0, 2π·turns]` measured from `startAngleDegrees` in the
    /// direction of increasing θ. Turn (= layer) `k` of a strip is `φ ∈ [2πk, 2π(k+1))`.
    /// Between strips lies separator; the separator band extends `separatorMargin`
    /// beyond the innermost and outermost strip edges, radially and at the top.
    public struct JellyRoll: Codable, Sendable, Equatable {
        public var innerRadius: Double = 1.80        // mm, anode turn 0 at φ = 0
        public var pitch: Double = 0.72              // mm per turn
        public var turns: Int = 8                    // per strip
        public var anodeThickness: Double = 0.24     // mm
        public var cathodeThickness: Double = 0.24   // mm
        public var startAngleDegrees: Double = 180
        public var separatorMargin: Double = 0.12    // mm
        /// Current-collector foils at the centre of each strip, mm (0 = none): the
        /// copper foil of the anode (~8–12 µm, dense: a thin bright line in CT) and the
        /// aluminium foil of the cathode (~12–16 µm, lighter than its coating). Grey
        /// levels ``GreyLevels/anodeFoil`` and ``GreyLevels/cathodeFoil``.
        public var anodeFoilThickness: Double = 0
        public var cathodeFoilThickness: Double = 0
        /// Axial position (mm) where all strips end at the bottom; nil = the roll
        /// runs out of the bottom of the volume.
        public var bottom: Double? = nil
        public var buckles: [Buckle] = []
        public init() {}
    }

    /// A radial displacement `amplitude · cos²(π·Δθ/width)` (|Δθ| < width/2, positive
    /// outward) of the given turns of one strip, over an axial range.
    public struct Buckle: Codable, Sendable, Equatable {
        public var strip: Strip
        public var layers: [Int]
        public var amplitude: Double          // mm
        public var angleDegrees: Double
        public var widthDegrees: Double
        public var axialRange: ClosedRange<Double>?
        public init(strip: Strip = .cathode, layers: [Int], amplitude: Double, angleDegrees: Double,
                    widthDegrees: Double = 40, axialRange: ClosedRange<Double>? = nil) {
            self.strip = strip; self.layers = layers; self.amplitude = amplitude
            self.angleDegrees = angleDegrees; self.widthDegrees = widthDegrees; self.axialRange = axialRange
        }
    }

    /// The top of the roll. Cathode turn `k` ends at axial position
    /// `cathodeTop + cathodeTopOffsets[k]`; anode turn `k` ends `anodeOverhangs[k]`
    /// (default `anodeOverhang`) ABOVE it (smaller `s`). A negative overhang means the
    /// cathode reaches beyond the anode — the defect that matters most. Anode turn `k`
    /// lies between cathode turns `k−1` and `k` and takes cathode turn `k`'s top as its base.
    /// Heights change as a step at the start angle, where one turn meets the next.
    public struct Overhangs: Codable, Sendable, Equatable {
        public var cathodeTop: Double = 0.96               // mm (slice 16 at 0.06 mm)
        public var cathodeTopOffsets: [Double] = []        // mm per cathode turn; missing = 0
        public var anodeOverhang: Double = 0.36            // mm (6 slices)
        public var anodeOverhangs: [Double] = []           // mm per anode turn; missing = nominal
        /// Anode turns whose part above their base leans radially (positive = outward):
        /// radial shift `(base − s)·tan(angle)`.
        public var deflections: [Deflection] = []
        public init() {}

        public func cathodeTop(layer k: Int) -> Double {
            cathodeTop + (k >= 0 && k < cathodeTopOffsets.count ? cathodeTopOffsets[k] : 0)
        }
        public func anodeOverhang(layer k: Int) -> Double {
            k >= 0 && k < anodeOverhangs.count ? anodeOverhangs[k] : anodeOverhang
        }
        /// Axial position of the anode tip of turn `k`.
        public func anodeTop(layer k: Int) -> Double { cathodeTop(layer: k) - anodeOverhang(layer: k) }
        public func deflectionDegrees(layer k: Int) -> Double {
            deflections.last(where: { $0.layer == k })?.angleDegrees ?? 0
        }
    }

    public struct Deflection: Codable, Sendable, Equatable {
        public var layer: Int
        public var angleDegrees: Double
        public init(layer: Int, angleDegrees: Double) { self.layer = layer; self.angleDegrees = angleDegrees }
    }

    /// Scan-quality knobs.
    public struct ScanQuality: Codable, Sendable, Equatable {
        /// Additive Gaussian noise, 8-bit reference units (× ``BitDepth/scale`` in the output).
        public var noiseSigma: Double = 3.0
        /// Tilt of the cell axis from the volume axis, degrees; the axis leans toward
        /// `tiltAzimuthDegrees` (cell-frame angle convention) as the slice index grows,
        /// so the can centre moves by `Δz·voxel.z·tan(tilt)` mm per `Δz` slices.
        public var tiltDegrees: Double = 0
        public var tiltAzimuthDegrees: Double = 0
        /// Cupping depth `c`: intensity × `(1 − c·(1 − (r/R)²))` for `r < R`, with `R` the
        /// can's mean inner radius `(a + b)/2 − w` and `r` the distance from the axis.
        public var cupping: Double = 0
        /// In-plane Gaussian blur sigma in pixels (0 = none), applied before the noise.
        public var blurSigma: Double = 0
        /// Under-sampling streaks in the air around the can (nil = none), added before blur and noise.
        public var streaks: Streaks? = nil
        public init() {}
    }

    /// A simple model of view aliasing, the fine streaks a reconstruction from too
    /// few projections leaves around a dense object: in the air outside the can,
    /// the grey level gains
    /// `amplitude · (r / R) · cos(count · θ) · (1 − can coverage)`,
    /// `r` the distance from the cell axis, `R` the can's outer major semi-axis, θ the
    /// cell-frame angle. `count` streak pairs around the circle (angular period
    /// 2π/count, as from `count` projections over 360°), strongest at the image
    /// border; constant along each radius, so the pattern is radial. Amplitude in
    /// 8-bit reference units (× ``BitDepth/scale``).
    public struct Streaks: Codable, Sendable, Equatable {
        public var count: Int
        public var amplitude: Double
        public init(count: Int, amplitude: Double) { self.count = count; self.amplitude = amplitude }
    }

    /// Grey levels in 8-bit reference units, chosen from the example scan
    /// `cell_vol` (8-bit): air ≈ 0–10, can ≈ 190, cathode ≈ 76, separator ≈ 35,
    /// anode peaks ≈ 56–64 but thin. Air 10 and can 190 put the reference can threshold
    /// 100 exactly midway; the cathode (78) is above and the anode (50) below the
    /// reference electrode threshold 52, so `im > 52` keeps the cathode layers only,
    /// like the example mask `mask_1.tif`.
    public struct GreyLevels: Codable, Sendable, Equatable {
        public var air: Double = 10
        public var void: Double = 25
        public var separator: Double = 35
        public var anode: Double = 50
        public var cathode: Double = 78
        public var can: Double = 190
        /// Foil levels (used only where a foil thickness is set).
        public var anodeFoil: Double = 150
        public var cathodeFoil: Double = 60
        public init() {}
    }
}

// MARK: Decoding with defaults
// A spec file need only name what differs from `PhantomSpec()`: every missing key
// takes its default, so `{"can": {"dents": [...]}}` is a complete spec.

extension KeyedDecodingContainer {
    fileprivate func value<T: Decodable>(_ key: Key, or fallback: T) throws -> T {
        try decodeIfPresent(T.self, forKey: key) ?? fallback
    }
}

extension PhantomSpec {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = PhantomSpec()
        width = try c.value(.width, or: d.width)
        height = try c.value(.height, or: d.height)
        depth = try c.value(.depth, or: d.depth)
        voxelSize = try c.value(.voxelSize, or: d.voxelSize)
        bitDepth = try c.value(.bitDepth, or: d.bitDepth)
        levelScale = try c.decodeIfPresent(Double.self, forKey: .levelScale)
        seed = try c.value(.seed, or: d.seed)
        axisOffsetRow = try c.value(.axisOffsetRow, or: d.axisOffsetRow)
        axisOffsetCol = try c.value(.axisOffsetCol, or: d.axisOffsetCol)
        can = try c.value(.can, or: d.can)
        roll = try c.value(.roll, or: d.roll)
        overhangs = try c.value(.overhangs, or: d.overhangs)
        quality = try c.value(.quality, or: d.quality)
        levels = try c.value(.levels, or: d.levels)
    }
}

extension PhantomSpec.Can {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = Self()
        outerDiameter = try c.value(.outerDiameter, or: d.outerDiameter)
        eccentricity = try c.value(.eccentricity, or: d.eccentricity)
        angleDegrees = try c.value(.angleDegrees, or: d.angleDegrees)
        wallThickness = try c.value(.wallThickness, or: d.wallThickness)
        dents = try c.value(.dents, or: d.dents)
        thinnings = try c.value(.thinnings, or: d.thinnings)
    }
}

extension PhantomSpec.JellyRoll {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = Self()
        innerRadius = try c.value(.innerRadius, or: d.innerRadius)
        pitch = try c.value(.pitch, or: d.pitch)
        turns = try c.value(.turns, or: d.turns)
        anodeThickness = try c.value(.anodeThickness, or: d.anodeThickness)
        cathodeThickness = try c.value(.cathodeThickness, or: d.cathodeThickness)
        startAngleDegrees = try c.value(.startAngleDegrees, or: d.startAngleDegrees)
        separatorMargin = try c.value(.separatorMargin, or: d.separatorMargin)
        anodeFoilThickness = try c.value(.anodeFoilThickness, or: d.anodeFoilThickness)
        cathodeFoilThickness = try c.value(.cathodeFoilThickness, or: d.cathodeFoilThickness)
        bottom = try c.decodeIfPresent(Double.self, forKey: .bottom)
        buckles = try c.value(.buckles, or: d.buckles)
    }
}

extension PhantomSpec.Overhangs {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = Self()
        cathodeTop = try c.value(.cathodeTop, or: d.cathodeTop)
        cathodeTopOffsets = try c.value(.cathodeTopOffsets, or: d.cathodeTopOffsets)
        anodeOverhang = try c.value(.anodeOverhang, or: d.anodeOverhang)
        anodeOverhangs = try c.value(.anodeOverhangs, or: d.anodeOverhangs)
        deflections = try c.value(.deflections, or: d.deflections)
    }
}

extension PhantomSpec.ScanQuality {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = Self()
        noiseSigma = try c.value(.noiseSigma, or: d.noiseSigma)
        tiltDegrees = try c.value(.tiltDegrees, or: d.tiltDegrees)
        tiltAzimuthDegrees = try c.value(.tiltAzimuthDegrees, or: d.tiltAzimuthDegrees)
        cupping = try c.value(.cupping, or: d.cupping)
        blurSigma = try c.value(.blurSigma, or: d.blurSigma)
        streaks = try c.decodeIfPresent(PhantomSpec.Streaks.self, forKey: .streaks)
    }
}

extension PhantomSpec.GreyLevels {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = Self()
        air = try c.value(.air, or: d.air)
        void = try c.value(.void, or: d.void)
        separator = try c.value(.separator, or: d.separator)
        anode = try c.value(.anode, or: d.anode)
        cathode = try c.value(.cathode, or: d.cathode)
        can = try c.value(.can, or: d.can)
        anodeFoil = try c.value(.anodeFoil, or: d.anodeFoil)
        cathodeFoil = try c.value(.cathodeFoil, or: d.cathodeFoil)
    }
}
