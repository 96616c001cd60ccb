import Testing
@testable import Inspection

/// The can stage measures every pitch-th slice, but never fewer than five over the
/// body: a roll-top-only scan must still give the overhang stage an axis.
@Suite struct CanStageSamplingTests {
    @Test func theConfiguredStepHoldsOnALongBody() {
        // 0.5 mm pitch at 0.019 mm slices: every 26th of 1700 body slices, 66 slices.
        #expect(CanStage.step(26, over: 100...1799) == 26)
    }

    @Test func aShortBodyIsSampledAtLeastFiveTimes() {
        // 1 mm of body at 0.036 mm: 28 slices; a 14-slice step would measure 2 of them.
        let body = 20...47
        let step = CanStage.step(14, over: body)
        #expect(step == 6)
        #expect(Array(stride(from: body.lowerBound, through: body.upperBound, by: step)).count >= 5)
        #expect(CanStage.step(14, over: 5...5) == 1)
    }
}
