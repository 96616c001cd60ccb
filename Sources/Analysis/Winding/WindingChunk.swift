/// One angular chunk of a layer: about `chunkSize` angle-sorted pixels (docs/method.md 5.4).
public struct WindingChunk: Sendable, Codable, Equatable {
    /// Mean angle of the chunk's pixels, degrees in [0, 360).
    public var meanAngle: Double
    /// Mean radius of the chunk's pixels, px.
    public var meanRadius: Double
    /// Radial thickness: max − min radius over the chunk's pixels, px.
    public var thickness: Double
    /// Pixels in the chunk.
    public var pixelCount: Int
    /// Observed minus fitted radius (px) when the layer has a line fit, else nil.
    public var deviation: Double?
    /// Radial extent at one angle, px: max − min of the pixels' radii about the
    /// chunk's own least-squares line r(θ). Unlike `thickness` it does not grow on
    /// a steep stretch of a layer (a buckle's flank climbs 10 px across one 6° chunk
    /// of the production phantom), but two turns at one angle still span a pitch.
    public var spread: Double

    public init(meanAngle: Double, meanRadius: Double, thickness: Double, pixelCount: Int, deviation: Double?,
                spread: Double? = nil) {
        self.meanAngle = meanAngle
        self.meanRadius = meanRadius
        self.thickness = thickness
        self.pixelCount = pixelCount
        self.deviation = deviation
        self.spread = spread ?? thickness
    }
}
