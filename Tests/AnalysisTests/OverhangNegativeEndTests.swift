import Testing
import Imaging
@testable import Analysis

/// The checks that keep a misread layer end from reading as a negative overhang
/// (steps 6a of ``ClassicalOverhangSegmenter`` and 2b of ``OverhangAnalysis``), on
/// hand-drawn sections whose layer ends are known to the row.
@Suite("Negative overhang ends")
struct OverhangNegativeEndTests {
    static let separator: Float = 30

    /// A section 21 px wide, 40 rows, outer face at row 0: a bright anode (120) at
    /// column 10 from row `anodeEnd` down, a dim cathode (50) at column 13 from row
    /// `cathodeEnd` down, separator (30) elsewhere; the anode's blur puts 40 % of its
    /// excess on the columns beside it and 20 % two columns out, so the column next to
    /// the cathode on the anode's side (12) reads 0.2·90 = 18 above the separator where
    /// the anode is: more than the cathode's half level (separator + 10).
    static func section(anodeEnd: Int, cathodeEnd: Int) -> GrayImage {
        var image = GrayImage(width: 21, height: 40, repeating: separator)
        for r in 0..<40 {
            if r >= cathodeEnd { image[r, 13] = 50 }
            if r >= anodeEnd {
                for (dc, share) in [(0, Float(1)), (1, 0.4), (2, 0.2)] {
                    for c in Set([10 - dc, 10 + dc]) { image[r, c] += share * (120 - separator) }
                }
            }
        }
        return image
    }

    @Test("A cathode read on along the anode's blurred edge is not confirmed")
    func leakIsNotACathode() throws {
        // True ends: the drawn anode (a neighbour reaching far out) row 5, the cathode
        // row 20. Step 5 reads the cathode's level as the best of the 3 columns around its
        // track, which takes the anode's edge (column 12: 48 > 40), so the cathode seems to
        // end with that anode, at row 4.5: beyond an anode of its other side ending at 12.
        let image = Self.section(anodeEnd: 5, cathodeEnd: 20)
        let segmenter = ClassicalOverhangSegmenter()
        let track = [Int](repeating: 13, count: 40)
        let levels = (0..<40).map { ClassicalOverhangSegmenter.brightestMean(image, $0, 13, half: 0) }
        let misread = try #require(segmenter.endRow(levels, low: Self.separator, high: segmenter.bodyLevel(levels)))
        #expect(abs(misread - 4.5) <= 0.5)
        #expect(!segmenter.cathodeHeld(track, from: misread, to: 12, in: image, half: 0, separator: Self.separator))
    }

    @Test("A cathode that does reach beyond its anode is confirmed")
    func realNegativeIsConfirmed() {
        // Anode ends at row 25, cathode at row 18: 7 rows of cathode with no anode beside it.
        let image = Self.section(anodeEnd: 25, cathodeEnd: 18)
        let segmenter = ClassicalOverhangSegmenter()
        let track = [Int](repeating: 13, count: 40)
        #expect(segmenter.cathodeHeld(track, from: 17.5, to: 24.5, in: image, half: 0, separator: Self.separator))
    }

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
