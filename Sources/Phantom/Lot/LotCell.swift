import Foundation

/// One cell of a validation lot: what was drawn, and the truth of every metric
/// the tolerance tables judge. Written to `LOT/truth/<id>.json`, never into the
/// scan folder (an inspection must not be able to read its own answer).
public struct LotCell: Sendable, Codable, Equatable {
    /// `C0001`, or `C0001-R2` for the second re-scan of `C0001`.
    public var id: String
    /// The physical cell this scan is of: re-scans share it.
    public var cell: String
    public var rescan: Int
    public var format: String
    public var design: CellDesign
    public var spec: PhantomSpec
    public var defect: LotDefect
    /// Electrode contrast: which coating reads brighter.
    public var polarity: Polarity
    /// `8`, `16` (can clipped at full scale), `16u` (unclipped), `32f`.
    public var sampleKind: String
    /// The truth of each judged metric, by metric id (mm, ratio or count).
    public var metrics: [String: Double]
    /// Scan-quality truths beyond the gate's limits make the scan unmeasurable.
    public var quality: QualityTruth

    public enum Polarity: String, Sendable, Codable, Equatable, CaseIterable {
        /// Cathode coating brighter (NMC cells, `cell_vol`).
        case cathodeBrighter = "cathode-brighter"
        /// Anode brighter (its copper foil dominating, or an LFP cathode).
        case anodeBrighter = "anode-brighter"
    }

    public struct QualityTruth: Sendable, Codable, Equatable {
        public var tiltDegrees: Double
        public var cupping: Double
        /// (brighter coating − separator) / σ, the phantom's definition.
        public var contrastToNoise: Double
        public var blurSigmaPx: Double
    }

    /// The in-plane voxel size, mm.
    public var voxelMM: Double { spec.voxelSize.x }
}

/// The defect a lot cell carries (or none), with the size POD is plotted against.
public struct LotDefect: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case none
        case dent
        case ovality
        case wallThinning = "wall_thinning"
        case buckle
        case negativeOverhang = "negative_overhang"
        case shortOverhang = "short_overhang"
        /// Scan quality beyond a gate limit: the scan must be INVALID.
        case unmeasurable
    }

    public var kind: Kind
    /// Dent depth, eccentricity, thinning depth, buckle amplitude, overhang
    /// shortfall (mm below the cathode), short overhang length; 0 for none.
    public var size: Double
    public var unit: String
    /// The metric a hit must fail (nil: none, or the gate).
    public var metric: String?
    /// Free text: "dent 0.12 mm at 40°, 35° wide, 0.8 mm long".
    public var summary: String

    public static let none = LotDefect(kind: .none, size: 0, unit: "", metric: nil, summary: "nominal")
}

/// What `LOT/lot.json` says about the lot as a whole.
public struct LotManifest: Sendable, Codable, Equatable {
    public var seed: UInt64
    public var count: Int
    public var rescans: Int
    public var cells: [String]
    public var generator: String

    public init(seed: UInt64, count: Int, rescans: Int, cells: [String], generator: String) {
        self.seed = seed
        self.count = count
        self.rescans = rescans
        self.cells = cells
        self.generator = generator
    }
}
