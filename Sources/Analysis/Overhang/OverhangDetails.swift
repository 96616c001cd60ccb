import Imaging

/// The `details` of an overhang report: which family is the anode, every region,
/// every measured layer end, a per-angle table, and what was analysed.
public struct OverhangDetails: Sendable, Codable {
    /// Which layer family was called the anode, by which rule, how sure (nil in
    /// records written before the anode was identified from the image).
    public var anodeIdentification: AnodeIdentification?
    public var overhangs: [OverhangRegion]
    public var layerEnds: [End]
    public var perAngle: [AngleRow]
    public var angleStepDegrees: Double
    public var axis: AxisLine
    /// `[first, end)` slice ranges analysed.
    public var topSlices: [Int]?
    public var bottomSlices: [Int]?
    public var segmenter: String
    /// Anode ends that read negative but were left out as ambiguous: the layer is not
    /// an anode in the sections beside it (nil in records written before the check).
    public var ambiguousEnds: Int?
    /// Negative anode ends left out as unconfirmed: their turn holds no more negative
    /// ends than the cell's misreads explain (``ShortTurnTest``; nil in records written
    /// before the test, and when the anode was not identified).
    public var unconfirmedEnds: Int?
    /// How much of the roll the measured anode ends cover (nil when the anode was not
    /// identified, and in records written before it was measured).
    public var endCoverage: EndCoverage?

    /// One anode end with its signed overhang (negative = cathode beyond anode).
    public struct End: Sendable, Codable, Equatable {
        public var end: RollEnd
        public var angleDegrees: Double
        public var label: Int?
        public var radialPositionMM: Double
        public var anodeEndSlice: Double
        public var cathodeEndSlice: Double
        public var overhangMM: Double

        /// Where the anode lies, for its turn (``SpiralTurns``).
        var position: EndCoverage.Position { EndCoverage.Position(radialMM: radialPositionMM, angleDegrees: angleDegrees) }
    }

    /// Summary of one section angle (both ends).
    public struct AngleRow: Sendable, Codable, Equatable {
        public var angleDegrees: Double
        public var count: Int
        public var lengthMeanMM: Double?
        public var orientationMeanDegrees: Double?
        public var negativeCount: Int
        public var overhangMinMM: Double?

        static func table(regions: [OverhangRegion], ends: [End]) -> [AngleRow] {
            let angles = Set(regions.map(\.angleDegrees)).union(ends.map(\.angleDegrees)).sorted()
            return angles.map { a in
                let rs = regions.filter { $0.angleDegrees == a }
                let es = ends.filter { $0.angleDegrees == a }
                return AngleRow(angleDegrees: a, count: rs.count,
                                lengthMeanMM: rs.isEmpty ? nil : rs.map(\.lengthMM).reduce(0, +) / Double(rs.count),
                                orientationMeanDegrees: rs.isEmpty ? nil : rs.map(\.orientationDegrees).reduce(0, +) / Double(rs.count),
                                negativeCount: es.filter { $0.overhangMM < 0 }.count,
                                overhangMinMM: es.map(\.overhangMM).min())
            }
        }
    }
}
