import Analysis

/// The acceptance interval of one metric: `lower ≤ value ≤ upper` (either side
/// may be open). The guard band only flags values close to a limit (near-limit):
/// it never turns a PASS into a FAIL, so the published limits stay the limits.
public struct ToleranceLimit: Sendable, Codable, Equatable {
    public var lower: Double?
    public var upper: Double?
    public var guardBand: Double?
    /// When true (the default), a scan whose analyses ran but did not measure this
    /// metric is ERROR: a cell must not PASS on a metric nobody measured.
    public var required: Bool
    /// Where the figure comes from (datasheet, standard), for reviewers.
    public var note: String?

    public init(lower: Double? = nil, upper: Double? = nil, guardBand: Double? = nil, required: Bool = true, note: String? = nil) {
        self.lower = lower
        self.upper = upper
        self.guardBand = guardBand
        self.required = required
        self.note = note
    }

    enum CodingKeys: String, CodingKey { case lower, upper, guardBand = "guard_band", required, note }
}

/// A tolerance table for one cell format: limits per metric id.
public struct ToleranceTable: Sendable, Codable, Equatable {
    /// Cell format this table applies to, e.g. `18650`.
    public var format: String
    public var description: String?
    public var limits: [MetricID: ToleranceLimit]
    /// Where the table was loaded from (not part of the hash).
    public var sourcePath: String?

    public init(format: String, description: String? = nil, limits: [MetricID: ToleranceLimit], sourcePath: String? = nil) {
        self.format = format
        self.description = description
        self.limits = limits
        self.sourcePath = sourcePath
    }

    /// SHA-256 of the table's canonical form (format, then each metric sorted by id
    /// with its limits), so comments and key order do not change it.
    public var hash: String {
        var lines = ["format=\(format)"]
        for id in limits.keys.sorted() {
            let l = limits[id]!
            func text(_ x: Double?) -> String { x.map { "\($0)" } ?? "-" }
            lines.append("\(id.rawValue) lower=\(text(l.lower)) upper=\(text(l.upper)) guard=\(text(l.guardBand)) required=\(l.required)")
        }
        return SHA256.hex(lines.joined(separator: "\n"))
    }

    enum CodingKeys: String, CodingKey { case format, description, limits, sourcePath = "source_path" }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        format = try c.decode(String.self, forKey: .format)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        let raw = try c.decode([String: ToleranceLimit].self, forKey: .limits)
        limits = Dictionary(uniqueKeysWithValues: raw.map { (MetricID(rawValue: $0.key), $0.value) })
        sourcePath = try c.decodeIfPresent(String.self, forKey: .sourcePath)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(format, forKey: .format)
        try c.encodeIfPresent(description, forKey: .description)
        try c.encode(Dictionary(uniqueKeysWithValues: limits.map { ($0.key.rawValue, $0.value) }), forKey: .limits)
        try c.encodeIfPresent(sourcePath, forKey: .sourcePath)
    }
}
