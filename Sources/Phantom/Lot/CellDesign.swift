/// The design of a cylindrical cell format as a lot draws it: the can and the
/// jelly roll in millimetres, with the voxel sizes such cells are scanned at.
///
/// Figures are published nominal values for steel-can cells (18650: 18.0 mm,
/// wall 0.25 mm; 21700: 21.0 mm, wall 0.25 mm; 4680: 46 mm, wall 0.55 mm), and
/// electrode stacks of 0.30–0.40 mm per turn (anode + cathode + two separators).
public struct CellDesign: Sendable, Codable, Equatable {
    public var format: String
    public var outerDiameter: Double
    public var wallThickness: Double
    /// Radius of the mandrel hole the roll is wound about, mm.
    public var mandrelRadius: ClosedRange<Double>
    public var pitch: ClosedRange<Double>
    /// In-plane voxel sizes the format is scanned at, mm (the whole can in view).
    public var voxel: ClosedRange<Double>
    /// Defect sizes the lot spans, as multiples of these reference sizes: the
    /// acceptance limits a line typically sets for the format (dent depth, buckle
    /// excursion, and how far the wall may thin below nominal). They only place
    /// the lot's defects on both sides of a limit; the verdict a cell should get
    /// comes from the tolerance table in force, not from these.
    public var dentReference: Double
    public var buckleReference: Double
    public var thinningReference: Double

    public static let r18650 = CellDesign(format: "18650", outerDiameter: 18.0, wallThickness: 0.25,
                                          mandrelRadius: 1.4...2.0, pitch: 0.30...0.40, voxel: 0.015...0.06,
                                          dentReference: 0.10, buckleReference: 0.30, thinningReference: 0.05)
    public static let r21700 = CellDesign(format: "21700", outerDiameter: 21.0, wallThickness: 0.25,
                                          mandrelRadius: 1.6...2.2, pitch: 0.30...0.40, voxel: 0.02...0.06,
                                          dentReference: 0.10, buckleReference: 0.30, thinningReference: 0.07)
    public static let r4680 = CellDesign(format: "4680", outerDiameter: 46.0, wallThickness: 0.55,
                                         mandrelRadius: 2.5...3.5, pitch: 0.30...0.40, voxel: 0.045...0.06,
                                         dentReference: 0.20, buckleReference: 0.40, thinningReference: 0.10)
    public static let all: [CellDesign] = [.r18650, .r21700, .r4680]
}
