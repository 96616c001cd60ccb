import CellQATestKit
import Foundation
import Imaging
import Testing
@testable import VolumeIO

/// Small raw volumes with known voxels, encoded here byte by byte (independently
/// of the writers under test), and hand-written headers around them.
enum RawFixtures {
    /// 5 × 4 × 3: non-square and non-cubic, so a swapped axis shows.
    static let shape = VolumeShape(width: 5, height: 4, depth: 3)

    /// The value stored at (x, y, z) for `type`: spans the type's range, with its
    /// extremes in the first and last voxel, and differs at every voxel.
    static func value(_ type: RawElementType, x: Int, y: Int, z: Int, shape: VolumeShape = shape) -> Double {
        let i = x + shape.width * (y + shape.height * z)
        let last = shape.voxelCount - 1
        switch type {
        case .uint8: return i == last ? 255 : Double((i * 37 + 3) % 251)
        case .int8: return i == 0 ? -128 : i == last ? 127 : Double((i * 37) % 251 - 125)
        case .uint16: return i == 0 ? 0 : i == last ? 65535 : Double((0x0102 + i * 1009) % 65534)
        case .int16: return i == 0 ? -32768 : i == last ? 32767 : Double((i * 613) % 60000 - 20000)
        case .uint32: return Double(i * 70001)
        case .int32: return Double(i * 70001 - 1_000_000)
        case .float32: return i == 0 ? -3.0e38 : i == last ? 1.5e30 : Double(Float(Double(i) * 12.375 - 100.0625))
        case .float64: return Double(i) * 0.5 - 10
        }
    }

    /// Every voxel of the volume, x fastest, as stored in `byteOrder`.
    static func bytes(_ type: RawElementType, _ byteOrder: RawByteOrder, shape: VolumeShape = shape) -> [UInt8] {
        var out: [UInt8] = []
        for z in 0..<shape.depth {
            for y in 0..<shape.height {
                for x in 0..<shape.width { out += encode(value(type, x: x, y: y, z: z, shape: shape), type, byteOrder) }
            }
        }
        return out
    }

    static func encode(_ value: Double, _ type: RawElementType, _ byteOrder: RawByteOrder) -> [UInt8] {
        func ordered<T: FixedWidthInteger>(_ v: T) -> [UInt8] {
            withUnsafeBytes(of: byteOrder == .bigEndian ? v.bigEndian : v.littleEndian) { Array($0) }
        }
        switch type {
        case .uint8: return [UInt8(value)]
        case .int8: return [UInt8(bitPattern: Int8(value))]
        case .uint16: return ordered(UInt16(value))
        case .int16: return ordered(Int16(value))
        case .uint32: return ordered(UInt32(value))
        case .int32: return ordered(Int32(value))
        case .float32: return ordered(Float(value).bitPattern)
        case .float64: return ordered(value.bitPattern)
        }
    }

    /// Every mismatch between `volume` and the known values, as "(x,y,z) got v want w".
    static func mismatches(_ volume: any SliceSource, _ type: RawElementType, shape: VolumeShape = shape) throws -> [String] {
        var wrong: [String] = []
        for z in 0..<shape.depth {
            let slice = try volume.slice(z)
            for y in 0..<shape.height {
                for x in 0..<shape.width {
                    let want = Float(value(type, x: x, y: y, z: z, shape: shape))
                    if slice[y, x] != want { wrong.append("(\(x),\(y),\(z)) got \(slice[y, x]) want \(want)") }
                }
            }
        }
        return wrong
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    static func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    /// NRRD type names as a hand-written header spells them (one of the allowed spellings each).
    static func nrrdType(_ type: RawElementType) -> String {
        switch type {
        case .uint8: "uchar"
        case .int8: "signed char"
        case .uint16: "unsigned short"
        case .int16: "short"
        case .uint32: "uint"
        case .int32: "int"
        case .float32: "float"
        case .float64: "double"
        }
    }

    static func metType(_ type: RawElementType) -> String {
        switch type {
        case .uint8: "MET_UCHAR"
        case .int8: "MET_CHAR"
        case .uint16: "MET_USHORT"
        case .int16: "MET_SHORT"
        case .uint32: "MET_UINT"
        case .int32: "MET_INT"
        case .float32: "MET_FLOAT"
        case .float64: "MET_DOUBLE"
        }
    }

    /// Runs `body`, returning the `VolumeIOError` it throws (nil, and an issue recorded, otherwise).
    static func error(_ body: () throws -> Void) -> VolumeIOError? {
        do {
            try body()
            Issue.record("expected a VolumeIOError, nothing was thrown")
        } catch let error as VolumeIOError {
            return error
        } catch {
            Issue.record("expected a VolumeIOError, got \(error)")
        }
        return nil
    }

    static func approximately(_ a: VoxelSize, _ b: VoxelSize, tolerance: Double = 1e-12) -> Bool {
        abs(a.x - b.x) <= tolerance && abs(a.y - b.y) <= tolerance && abs(a.z - b.z) <= tolerance
    }
}

/// Each case of the format × type × byte order tables.
struct TypeOrder: Sendable, CustomTestStringConvertible {
    let type: RawElementType
    let byteOrder: RawByteOrder
    var testDescription: String { "\(type) \(byteOrder)" }

    static let all: [TypeOrder] = [RawElementType.uint8, .uint16, .int16, .float32].flatMap { type in
        RawByteOrder.allCases.map { TypeOrder(type: type, byteOrder: $0) }
    }
    static let wide: [TypeOrder] = [RawElementType.int8, .uint32, .int32, .float64].flatMap { type in
        RawByteOrder.allCases.map { TypeOrder(type: type, byteOrder: $0) }
    }
}
