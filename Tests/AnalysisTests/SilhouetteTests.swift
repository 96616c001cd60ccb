@testable import Analysis
import Imaging
import Testing

/// The outline crossings against their definition: for every row and every column,
/// scanned from the image edge, the first and last pixel at or above the level.
@Suite struct SilhouetteTests {
    static func crossingsByDefinition(_ image: GrayImage, level: Float) -> [(row: Double, col: Double)] {
        let w = image.width, h = image.height
        func fraction(_ a: Float, _ b: Float) -> Double { b - a == 0 ? 0.5 : Double((level - a) / (b - a)) }
        var points: [(row: Double, col: Double)] = []
        for r in 0..<h {
            let hits = (0..<w).filter { image[r, $0] >= level }
            guard let first = hits.first, first > 0, let last = hits.last else { continue }
            points.append((Double(r), Double(first - 1) + fraction(image[r, first - 1], image[r, first])))
            if last < w - 1 { points.append((Double(r), Double(last + 1) - fraction(image[r, last + 1], image[r, last]))) }
        }
        for c in 0..<w {
            let hits = (0..<h).filter { image[$0, c] >= level }
            guard let first = hits.first, first > 0, let last = hits.last else { continue }
            points.append((Double(first - 1) + fraction(image[first - 1, c], image[first, c]), Double(c)))
            if last < h - 1 { points.append((Double(last + 1) - fraction(image[last + 1, c], image[last, c]), Double(c))) }
        }
        return points
    }

    /// A ring with a notch, two separate blobs (columns between them covered by no
    /// row's span from one side), a blob touching the border, and specks.
    static func scene(seed: UInt64) -> GrayImage {
        var rng = SeededGenerator(seed: seed)
        var image = GrayImage(width: 90, height: 70, repeating: 10)
        for r in 0..<70 { for c in 0..<90 {
            let d = (Double(r - 35) * Double(r - 35) + Double(c - 40) * Double(c - 40)).squareRoot()
            if d > 18 && d < 24 && !(r < 35 && abs(c - 40) < 3) { image[r, c] = 200 }
            if r > 5 && r < 12 && c > 75 && c < 84 { image[r, c] = 150 }
            if r > 60 && c < 4 { image[r, c] = 180 }
        } }
        for _ in 0..<25 { image[rng.index(below: 70), rng.index(below: 90)] = Float(60 + rng.index(below: 150)) }
        return image
    }

    @Test(arguments: [UInt64(1), 2, 3, 4])
    func crossingsEqualTheirDefinition(seed: UInt64) {
        let image = Self.scene(seed: seed)
        for level: Float in [100, 155, 190] {
            let found = Silhouette.outlineCrossings(image, level: level).all
            let expected = Self.crossingsByDefinition(image, level: level)
            #expect(found.map(\.row) == expected.map(\.row) && found.map(\.col) == expected.map(\.col), "level \(level)")
        }
        #expect(Silhouette.outlineCrossings(GrayImage(width: 5, height: 4, repeating: 0), level: 1).all.isEmpty)
    }
}
