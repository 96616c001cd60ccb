/// One angular chunk of a layer: about `chunkSize` angle-sorted pixels (METHOD.md 5.4).
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
}
