import Analysis
import Foundation
import Imaging
import Inspection
import Phantom
import Testing

/// `JSONValue(encoding:)` and `decode(_:)` against their definition: the JSON
/// text round trip through Foundation's `JSONEncoder` / `JSONDecoder`.
@Suite("JSONValue coding")
struct JSONValueCodingTests {
    enum Shade: String, Codable, Equatable { case light, dark }

    struct Inner: Codable, Equatable {
        var label: String
        var weights: [Float]
    }

    /// Every shape the analyses' details use.
    struct Everything: Codable, Equatable {
        var int = -42
        var int32: Int32 = 7
        var uint64: UInt64 = 1 << 40
        var double = 0.1 + 0.2
        var float: Float = 1.5
        var flag = true
        var text = "quote \" and slash / and ü"
        var missing: Double? = nil
        var present: Int? = 3
        var shade = Shade.dark
        var nested = [[1.0, 2.0], [], [3.5]]
        var inners = [Inner(label: "a", weights: [0.25, -1]), Inner(label: "b", weights: [])]
        var byName = ["x": 1, "y": 2]
        var byNumber = [3: "three", 10: "ten"]
        var range = 2...9
        var optionals: [Int?] = [1, nil, 3]
    }

    static func viaText<T: Encodable>(_ value: T) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
    }

    @Test("every shape: the same value as the text round trip, and decoded back unchanged")
    func everyShape() throws {
        let value = Everything()
        let direct = try JSONValue(encoding: value)
        #expect(direct == (try Self.viaText(value)))
        #expect(try direct.decode(Everything.self) == value)
        #expect(try Self.viaText(value).decode(Everything.self) == value)
    }

    @Test("the can and quality details of a phantom: the same value as the text round trip")
    func analysisDetails() async throws {
        let volume = try PhantomVolume(spec: PhantomSpec.nominal.withDent(depth: 0.3, angleDegrees: 60))
        let level = Float(volume.truth.thresholds.canReference)
        let can = try await CanVolumeAnalysis(segmentation: .fixed(level), options: CanSliceOptions(seedCount: 2), step: 20,
                                              volumeSeedCount: 2).run(volume).details
        let quality = try await ScanQuality.analyze(volume, parameters: ScanQualityParameters(sliceStep: 20)).details
        let canValue = try JSONValue(encoding: can)
        #expect(canValue == (try Self.viaText(can)))
        #expect(try JSONValue(encoding: quality) == Self.viaText(quality))
        // Written as text (the record) and read back: the same value.
        let text = try JSONEncoder().encode(canValue)
        #expect(try JSONDecoder().decode(JSONValue.self, from: text) == canValue)
        // What the overhang stage reads back: the axis.
        let axis = try #require(try canValue.decode(CanDetails.self).axis)
        #expect(axis == can.axis)
    }

    @Test("JSON text: NaN and infinity written as null, everything else as itself")
    func nonFiniteAsNull() throws {
        let value = JSONValue.object(["a": .array([.number(1), .number(.nan), .null, .bool(false)]),
                                      "b": .number(-.infinity), "c": .string("x"), "d": .object([:])])
        let back = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
        #expect(back == .object(["a": .array([.number(1), .null, .null, .bool(false)]),
                                 "b": .null, "c": .string("x"), "d": .object([:])]))
    }

    @Test("a mismatch or a missing key throws, as JSONDecoder does")
    func mismatches() throws {
        #expect(throws: DecodingError.self) { try JSONValue.string("x").decode(Double.self) }
        #expect(throws: DecodingError.self) { try JSONValue.number(2.5).decode(Int.self) }
        #expect(throws: DecodingError.self) { try JSONValue.number(300).decode(UInt8.self) }
        #expect(throws: DecodingError.self) { try JSONValue.object(["label": .string("a")]).decode(Inner.self) }
        #expect(try JSONValue.number(300).decode(Int.self) == 300)
    }
}
