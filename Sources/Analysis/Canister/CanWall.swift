import Imaging

/// Wall geometry of one axial slice of the can (docs/method.md step 4.1–4.4), in pixels.
///
/// From a wall mask:
/// 1. marching-squares contours at level 0.5 (`MarchingSquares`, scikit-image
///    `find_contours` semantics); the outer contour is the one of largest shoelace area,
///    the inner one the smallest (first on ties, as Python `max`/`min`);
/// 2. both filled (`PolygonFill`, `polygon2mask` semantics); inner hole = inner fill
///    minus wall pixels;
/// 3. area-equivalent diameters `2·sqrt(area/π)` of the outer fill and the inner hole;
/// 4. wall thickness: the exact EDT to the one-pixel border of the outer fill, sampled
///    on the one-pixel border of the inner hole (`MaskBorder`, 8-neighbour rule):
///    mean, min, max and population std (numpy `std`, ddof = 0). The EDT is evaluated
///    only at those pixels (`NearestSite`, the same values).
///
/// With `InnerContourRule.largestHole` (whole-cell runs) specks inside the hole stay
/// hole pixels: only the ring the outer contour bounds is taken out of the inner fill.
public struct CanWall: Sendable {
    public var outerContour: Contour
    public var innerContour: Contour
    public var contourCount: Int
    public var outerFillArea: Int
    public var innerHoleArea: Int
    public var outerDiameterPx: Double
    public var innerDiameterPx: Double
    public var thickness: WallThickness
    /// Sub-pixel contour-to-contour thickness (`ContourWallThickness`), nil if not computable.
    public var contourThickness: ContourWallThickness?

    /// Thickness samples: one per inner-wall border pixel.
    public struct WallThickness: Sendable, Codable, Equatable {
        public var count: Int
        public var meanPx: Double
        public var minPx: Double
        public var maxPx: Double
        public var stdPx: Double
        /// Inner-wall pixel (row, col) where the minimum occurs (first in raster order).
        public var minRow: Int
        public var minCol: Int
    }

    /// How the inner wall contour is chosen.
    public enum InnerContourRule: String, Sendable, Codable, Equatable {
        /// The reference's rule: the contour of smallest shoelace area. Right on a clean
        /// ring; on a real slice with stray bright specks it picks a speck.
        case smallest
        /// Robust: the second-largest closed contour, required to enclose at least half the
        /// outer contour's area (the hole of a ring); used for whole-cell runs.
        case largestHole
    }

    public enum Failure: Error, CustomStringConvertible, Equatable {
        case noContour
        case noHole(contours: Int)
        case noInnerWall(contours: Int)
        public var description: String {
            switch self {
            case .noHole(let n):
                "\(n) contour(s) but none is a hole of at least half the outer area: no closed can ring on this slice"
            case .noContour:
                "no wall found: the mask has no boundary at level 0.5 (threshold too high or slice outside the can?)"
            case .noInnerWall(let n):
                "\(n) contour(s) but no inner wall pixels: the can wall is not a closed ring on this slice (check threshold)"
            }
        }
    }

    public init(mask: Mask, innerRule: InnerContourRule = .smallest) throws(Failure) {
        let contours = MarchingSquares.contours(of: mask)
        guard !contours.isEmpty else { throw .noContour }
        var outerIndex = 0, innerIndex = 0
        var maxArea = -Double.infinity, minArea = Double.infinity
        let areas = contours.map(\.shoelaceArea)
        for (i, a) in areas.enumerated() {
            if a > maxArea { maxArea = a; outerIndex = i }
            if a < minArea { minArea = a; innerIndex = i }
        }
        if innerRule == .largestHole {
            var best = -1
            for (i, c) in contours.enumerated() where i != outerIndex && c.isClosed && areas[i] >= 0.5 * maxArea {
                if best < 0 || areas[i] > areas[best] { best = i }
            }
            guard best >= 0 else { throw .noHole(contours: contours.count) }
            innerIndex = best
        }
        let w = mask.width, h = mask.height
        let outerFill = PolygonFill.mask(contours[outerIndex], width: w, height: h)
        var innerHole = PolygonFill.mask(contours[innerIndex], width: w, height: h)
        // The reference takes every foreground pixel out of the hole. On a real slice
        // bright specks inside the can (tabs, debris, noise above threshold) would then
        // cut holes in the hole, each with its own "inner wall" border far from the can
        // wall; the robust rule takes out only the ring itself.
        let wall = innerRule == .largestHole ? Self.ring(of: mask, outer: contours[outerIndex]) : mask
        innerHole.subtract(wall)
        let outerArea = outerFill.trueCount
        let holeArea = innerHole.trueCount
        // Distance to the outer border, sampled on the inner-wall border: the reference's
        // EDT of "not outer border", evaluated only where it is read.
        let nearestOuter = NearestSite(MaskBorder.border(of: outerFill))
        let innerWall = MaskBorder.border(of: innerHole)
        var n = 0, sum = 0.0, lo = Double.infinity, hi = -Double.infinity, loIndex = 0
        var samples: [Double] = []
        innerWall.forEachTrueIndex { i in
            let v = nearestOuter.distance(row: i / w, col: i % w)
            samples.append(v)
            n += 1; sum += v
            if v < lo { lo = v; loIndex = i }
            if v > hi { hi = v }
        }
        guard n > 0 else { throw .noInnerWall(contours: contours.count) }
        let mean = sum / Double(n)
        var ss = 0.0
        for v in samples { ss += (v - mean) * (v - mean) }
        outerContour = contours[outerIndex]
        innerContour = contours[innerIndex]
        contourCount = contours.count
        outerFillArea = outerArea
        innerHoleArea = holeArea
        outerDiameterPx = 2 * (Double(outerArea) / Double.pi).squareRoot()
        innerDiameterPx = 2 * (Double(holeArea) / Double.pi).squareRoot()
        thickness = WallThickness(count: n, meanPx: mean, minPx: lo, maxPx: hi,
                                  stdPx: (ss / Double(n)).squareRoot(),
                                  minRow: loIndex / w, minCol: loIndex % w)
        contourThickness = ContourWallThickness(inner: innerContour, outer: outerContour)
    }

    /// The foreground component the outer contour bounds (4-connected, as level-0.5
    /// contours with low values fully connected separate diagonal neighbours). Every
    /// contour vertex of a binary mask lies midway between a foreground and a
    /// background pixel; the first vertex's foreground pixel seeds the fill.
    static func ring(of mask: Mask, outer: Contour) -> Mask {
        guard outer.count > 0 else { return mask }
        let r = outer.rows[0], c = outer.cols[0]
        let candidates = r == r.rounded()
            ? [(Int(r), Int(c.rounded(.down))), (Int(r), Int(c.rounded(.down)) + 1)]
            : [(Int(r.rounded(.down)), Int(c)), (Int(r.rounded(.down)) + 1, Int(c))]
        for (row, col) in candidates where row >= 0 && row < mask.height && col >= 0 && col < mask.width && mask[row, col] {
            return Labeling.component(of: mask, containingRow: row, col: col, connectivity: .four)
        }
        return mask
    }
}
