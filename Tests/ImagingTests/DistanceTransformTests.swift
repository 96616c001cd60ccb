import Testing
@testable import Imaging

struct DistanceTransformTests {
    @Test func singleBackgroundPixelGivesEuclideanDistances() {
        // scipy distance_transform_edt of a 5×5 of ones with a zero at (2,2): sqrt(dr² + dc²).
        var m = Mask(width: 5, height: 5, repeating: true)
        m[2, 2] = false
        let d = DistanceTransform.euclidean(m)
        for r in 0..<5 { for c in 0..<5 {
            let e = Double((r - 2) * (r - 2) + (c - 2) * (c - 2)).squareRoot()
            #expect(abs(d[r, c] - e) < 1e-12)
        } }
    }

    @Test func nearestOfSeveralBackgroundPixels() {
        // Zeros at (0,0) and (4,6) in a 5×7 image: each pixel takes the nearer one.
        var m = Mask(width: 7, height: 5, repeating: true)
        m[0, 0] = false; m[4, 6] = false
        let d = DistanceTransform.euclidean(m)
        for r in 0..<5 { for c in 0..<7 {
            let a = Double(r * r + c * c), b = Double((r - 4) * (r - 4) + (c - 6) * (c - 6))
            #expect(abs(d[r, c] - min(a, b).squareRoot()) < 1e-12)
        } }
        #expect(d[0, 0] == 0)
    }

    @Test func bruteForceAgreementOnRandomMask() {
        var rng = SeededGenerator(seed: 7)
        var m = Mask(width: 23, height: 17, repeating: true)
        for i in 0..<m.count where rng.index(below: 10) == 0 { m.pixels[i] = false }
        let d = DistanceTransform.euclidean(m)
        for r in 0..<17 { for c in 0..<23 {
            var best = Double.infinity
            for rr in 0..<17 { for cc in 0..<23 where !m[rr, cc] {
                best = min(best, Double((r - rr) * (r - rr) + (c - cc) * (c - cc)))
            } }
            #expect(abs(d[r, c] - best.squareRoot()) < 1e-12)
        } }
    }
}
