import Testing
import Imaging
@testable import Analysis

/// The check that keeps a section whose families were swapped from reading cathodes as
/// short anodes (step 2b of ``OverhangAnalysis``), on hand-placed layer positions.
@Suite("Negative overhang ends")
struct OverhangNegativeEndTests {
    @Test("An anode is confirmed by the sections beside it, a half-pitch shift is not")
    func continuity() {
        // Pitch 10: anodes at −15, −5, 5, 15 in sections 0 and 2; section 1 is the one judged.
        let anodes: [Double] = [-15, -5, 5, 15]
        let continuity = AnodeContinuity(anodePositions: [anodes, anodes, anodes], pitches: [10, 10, 10],
                                         wrapsAround: false)
        #expect(continuity.confirms(5, inSection: 1))
        #expect(continuity.confirms(6.5, inSection: 1))     // within a quarter pitch (2.5)
        #expect(!continuity.confirms(0, inSection: 1))      // half a pitch off: a cathode's place
        #expect(!continuity.confirms(8, inSection: 1))      // 3 px from both: not within 2.5
        // A neighbour that shows no layers does not count; none at all: not confirmed.
        let alone = AnodeContinuity(anodePositions: [nil, anodes, nil], pitches: [nil, 10, nil], wrapsAround: false)
        #expect(!alone.confirms(5, inSection: 1))
        let oneSide = AnodeContinuity(anodePositions: [nil, anodes, anodes], pitches: [nil, 10, 10], wrapsAround: false)
        #expect(oneSide.confirms(5, inSection: 1))
    }

    @Test("Round the half turn, the first and last sections are neighbours read the other way")
    func wrapsAround() {
        // Section 0 has an anode at +5; the last section (θ = 180° − step) sees it at −5.
        let continuity = AnodeContinuity(anodePositions: [[5, 15], [5, 15], [-5, -15]], pitches: [10, 10, 10],
                                         wrapsAround: true)
        #expect(continuity.confirms(5, inSection: 0))
        let notMirrored = AnodeContinuity(anodePositions: [[5, 15], [5, 15], [5, 15]], pitches: [10, 10, 10],
                                          wrapsAround: true)
        #expect(!notMirrored.confirms(5, inSection: 0))
    }

    @Test("Every angle step that divides 180° wraps round; others do not")
    func halfTurn() {
        #expect(AngularReslice(angleStepDegrees: 5, radius: 10).coversHalfTurn)
        #expect(AngularReslice(angleStepDegrees: 7.5, radius: 10).coversHalfTurn)
        #expect(!AngularReslice(angleStepDegrees: 7, radius: 10).coversHalfTurn)
    }
}
