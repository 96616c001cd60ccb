/// Physical size of one voxel, in millimetres.
///
/// `x` is along columns, `y` along rows, `z` along the slice index (axis 0 of the
/// volume). Scans are often anisotropic: the example volume has a z step twice its
/// in-plane pixel because axis 0 was down-sampled by 2.
public struct VoxelSize: Sendable, Equatable, Hashable, Codable {
    public var x: Double
    public var y: Double
    public var z: Double

    public init(x: Double, y: Double, z: Double) {
        self.x = x
        self.y = y
        self.z = z
    }

    public init(isotropic mm: Double) {
        self.init(x: mm, y: mm, z: mm)
    }

    /// In-plane pixel size, for metrics measured on one axial slice.
    /// Axial metrics assume square pixels; `x` is used when they differ.
    public var inPlane: Double { x }
}

/// The shape of a volume: `depth` slices of `height` × `width` pixels.
public struct VolumeShape: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    public var width: Int
    public var height: Int
    public var depth: Int

    public init(width: Int, height: Int, depth: Int) {
        self.width = width
        self.height = height
        self.depth = depth
    }

    public var voxelCount: Int { width * height * depth }
    public var description: String { "\(depth) slices of \(width)×\(height)" }
}

/// A stack of axial slices that can be read one at a time.
///
/// The contract: `slice(_:)` returns slice `index` (0-based, along the cell axis)
/// as grey values, reading or computing only that slice, so a volume of any size
/// is processed in bounded memory. Implementations must be safe to call from
/// several tasks at once.
public protocol SliceSource: Sendable {
    var shape: VolumeShape { get }
    var voxelSize: VoxelSize { get }
    func slice(_ index: Int) throws -> GrayImage
    /// A hint that `indices` will be read soon, in this order: a source backed by
    /// files may start loading them in the background, so the disk works while the
    /// analyses compute. Returns at once and never fails; reading is unchanged.
    func willRead(_ indices: [Int])
}

extension SliceSource {
    /// No read-ahead: the slices are computed or already in memory.
    public func willRead(_ indices: [Int]) {}
}

/// A volume held whole in memory: for tests and small crops, never for a full scan.
public struct InMemoryVolume: SliceSource {
    public let shape: VolumeShape
    public let voxelSize: VoxelSize
    public let slices: [GrayImage]

    public init(slices: [GrayImage], voxelSize: VoxelSize) {
        precondition(!slices.isEmpty, "InMemoryVolume needs at least one slice")
        let first = slices[0]
        precondition(slices.allSatisfy { $0.width == first.width && $0.height == first.height })
        self.slices = slices
        self.voxelSize = voxelSize
        self.shape = VolumeShape(width: first.width, height: first.height, depth: slices.count)
    }

    public func slice(_ index: Int) throws -> GrayImage { slices[index] }
}
