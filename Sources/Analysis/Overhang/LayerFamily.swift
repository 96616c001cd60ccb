/// One of the two interleaved layer families of a section, named by how it reads
/// against the other in the layer body (``LayerProfile``): the brighter or the dimmer.
///
/// Which family is the anode is a property of the cell, not of the grey level (an
/// LFP cathode, or a coarse voxel where the anode's copper foil dominates, makes the
/// anode the brighter one): ``AnodeIdentification`` decides it.
public enum LayerFamily: String, Sendable, Codable, Equatable, Hashable {
    case brighter, dimmer

    /// The family interleaved with this one.
    public var other: LayerFamily { self == .brighter ? .dimmer : .brighter }
}
