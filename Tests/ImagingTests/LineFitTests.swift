import Imaging
import Testing

@Suite struct LineFitTests {
    @Test func handWorkedFit() throws {
        // x̄ = 1.5, ȳ = 2.75, Σdx² = 5, Σdxdy = 5.5 → slope 1.1, intercept 1.1;
        // residuals −0.1, 0.8, −1.3, 0.6; RMSE √(2.7/4) = 0.821584…; MaxAE 1.3.
        // np.polyfit([0,1,2,3], [1,3,2,5], 1) = [1.1, 1.1].
        let fit = try #require(LineFit(x: [0, 1, 2, 3], y: [1, 3, 2, 5]))
        #expect(abs(fit.slope - 1.1) < 1e-12)
        #expect(abs(fit.intercept - 1.1) < 1e-12)
        let expected = [-0.1, 0.8, -1.3, 0.6]
        for (r, e) in zip(fit.residuals, expected) { #expect(abs(r - e) < 1e-12) }
        #expect(abs(fit.rmse - 0.8215838362577491) < 1e-12)
        #expect(abs(fit.maxAbsError - 1.3) < 1e-12)
    }

    @Test func exactLineHasZeroResiduals() throws {
        let x = stride(from: 0.0, through: 360.0, by: 22.5).map { $0 }
        let fit = try #require(LineFit(x: x, y: x.map { 100 + 0.05 * $0 }))
        #expect(abs(fit.slope - 0.05) < 1e-12)
        #expect(abs(fit.intercept - 100) < 1e-9)
        #expect(fit.maxAbsError < 1e-9)
    }

    @Test func undeterminedLinesGiveNil() {
        #expect(LineFit(x: [1], y: [2]) == nil)
        #expect(LineFit(x: [3, 3, 3], y: [1, 2, 3]) == nil)
    }

    @Test func slopeStandardErrorIsTheTextbookOne() throws {
        // (0, 0), (1, 1), (2, 3): slope 1.5, residuals 1/6, −1/3, 1/6, Σr² = 1/6,
        // Σ(x − x̄)² = 2: SE = √(1/6 / 1 / 2) = √(1/12) = 0.288675…
        let fit = try #require(LineFit(x: [0, 1, 2], y: [0, 1, 3]))
        #expect(abs(fit.slopeStandardError - (1.0 / 12).squareRoot()) < 1e-12)
        #expect(try #require(LineFit(x: [0, 1], y: [2, 5])).slopeStandardError.isNaN)
        #expect(try #require(LineFit(x: [0, 1, 2, 3], y: [1, 3, 5, 7])).slopeStandardError == 0)
    }
}
