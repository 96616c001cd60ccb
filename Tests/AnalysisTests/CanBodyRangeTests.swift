import Testing
@testable import Analysis

/// Which slices the can stage measures: the can ring slices along the wound body,
/// reaching the volume's ends where no analysed slice beyond shows something else.
@Suite struct CanBodyRangeTests {
    /// A gate slice: a round outline of `radius` px (nil = none) and `crossings` layer changes.
    static func slice(_ index: Int, radius: Double?, crossings: Int?) -> SliceQuality {
        var s = SliceQuality(slice: index)
        s.outline = radius.map { Silhouette(centreRow: 300, centreCol: 300, radius: $0, rmsResidual: 0.5, pointCount: 400) }
        s.layerCrossings = crossings
        s.cnr = crossings == nil ? nil : 8
        return s
    }

    static func details(_ slices: [SliceQuality]) -> ScanQualityDetails {
        ScanQualityDetails(checks: [], tilt: nil, ranges: [], slices: slices, cnrRangeRatio: nil)
    }

    @Test func bodyOfARollTopScan() {
        // As cell_vol: cap (no outline), header with the can ring but no layers (10–50),
        // crimp (radius 8 % smaller, not a can ring), then the wound body to the last slice.
        let slices = [Self.slice(0, radius: nil, crossings: nil)]
            + stride(from: 10, through: 30, by: 10).map { Self.slice($0, radius: 312, crossings: 2) }
            + [Self.slice(40, radius: 287, crossings: 3)]
            + stride(from: 50, through: 90, by: 10).map { Self.slice($0, radius: 313, crossings: $0 < 60 ? 4 : 80) }
        // First wound ring slice 60; no analysed slice after 90, so the range runs to the end.
        #expect(Self.details(slices).canBodyRange(depth: 100) == 60...99)
    }

    @Test func woundSlicesInTheMiddleStopAtTheirLastSample() {
        // Both ends show something else (bottom cap at 90): the range is the wound span.
        let slices = [Self.slice(0, radius: 313, crossings: 3)]
            + stride(from: 20, through: 70, by: 10).map { Self.slice($0, radius: 313, crossings: 60) }
            + [Self.slice(90, radius: nil, crossings: nil)]
        #expect(Self.details(slices).canBodyRange(depth: 100) == 20...70)
    }

    @Test func withoutWindingTheCanRingSpanIsUsed() {
        let slices = stride(from: 0, through: 40, by: 10).map { Self.slice($0, radius: 313, crossings: 2) }
        #expect(Self.details(slices).canBodyRange(depth: 48) == 0...47)
        #expect(Self.details([Self.slice(0, radius: nil, crossings: nil)]).canBodyRange(depth: 10) == nil)
    }
}
