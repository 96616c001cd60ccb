import Foundation
import Imaging

/// How the can wall is segmented from a grey slice.
public enum CanSegmentation: Sendable, Codable, Equatable {
    /// `image > value` (the reference: 100 on the 8-bit example volume).
    case fixed(Float)
    /// `image > Otsu threshold` of the slice (`Threshold.otsu`).
    case otsu
    /// The slice is already a binary mask (two grey values): the wall is `value > min`,
    /// with the polarity decided by `MaskPolarity`. Falls back to Otsu when the slice
    /// has more than two grey values.
    case binaryOrOtsu
}

/// Can metrics of one axial slice (docs/method.md step 4): wall (`CanWall`), ellipse
/// (`CanEllipseFit`) and dent profile (`DentProfile`), in pixels and millimetres.
public struct CanSliceResult: Sendable, Codable, Equatable {
    public var sliceIndex: Int?
    public var pixelSizeMM: Double
    /// Threshold actually used (nil when a mask was given).
    public var threshold: Float?
    /// How the wall was segmented: "fixed", "otsu", "mask".
    public var segmentation: String
    /// Set when the input was binary: which side was taken as the wall.
    public var polarity: MaskPolarity?
    public var contourCount: Int
    public var outerContourPoints: Int
    public var outerDiameterPx: Double
    public var innerDiameterPx: Double
    public var thickness: CanWall.WallThickness
    /// Sub-pixel contour-to-contour thickness (details only; see `ContourWallThickness`).
    public var contourThickness: ContourWallThickness?
    /// Sub-pixel thickness between the grey-level half-height edges (`EdgeWallThickness`);
    /// nil when the slice was given as a mask.
    public var edgeThickness: EdgeWallThickness?
    /// Angle (radians, atan2(row − yc, col − xc)) of the thinnest point about the ellipse centre.
    public var thinnestAngle: Double
    public var leastSquares: CanEllipseFit.Estimate
    public var ransacSeeds: Int
    public var eccentricity: CanEllipseFit.Spread
    public var semiMajorPx: CanEllipseFit.Spread
    public var semiMinorPx: CanEllipseFit.Spread
    public var maxDentPx: CanEllipseFit.Spread
    public var centreX: CanEllipseFit.Spread
    public var centreY: CanEllipseFit.Spread
    /// Profile against the first seed's ellipse (least squares when no RANSAC).
    public var dentProfile: DentProfile
    /// Per-seed RANSAC estimates (empty when RANSAC is off).
    public var ransac: [CanEllipseFit.Estimate]

    public var outerDiameterMM: Double { outerDiameterPx * pixelSizeMM }
    public var innerDiameterMM: Double { innerDiameterPx * pixelSizeMM }
}

extension CanSliceResult {
    /// One result from analyses of the same slice with consecutive seed ranges, given
    /// in seed order: wall and dent profile from the first (it holds the first seed),
    /// the RANSAC estimates concatenated and their spreads taken over all of them.
    init(merging parts: [CanSliceResult]) {
        precondition(!parts.isEmpty, "CanSliceResult(merging:) needs at least one part")
        self = parts[0]
        ransac = parts.flatMap(\.ransac)
        ransacSeeds = ransac.count
        guard !ransac.isEmpty else { return }
        eccentricity = CanEllipseFit.Spread(ransac.map(\.eccentricity))
        semiMajorPx = CanEllipseFit.Spread(ransac.map(\.semiMajorPx))
        semiMinorPx = CanEllipseFit.Spread(ransac.map(\.semiMinorPx))
        maxDentPx = CanEllipseFit.Spread(ransac.map(\.maxDentPx))
        centreX = CanEllipseFit.Spread(ransac.map(\.ellipse.xc))
        centreY = CanEllipseFit.Spread(ransac.map(\.ellipse.yc))
    }
}

public enum CanSliceAnalysis {
    public enum Failure: Error, CustomStringConvertible, Equatable {
        case wall(CanWall.Failure)
        case ellipse(CanEllipseFit.Failure)
        case emptyImage
        public var description: String {
            switch self {
            case .wall(let f): f.description
            case .ellipse(let f): f.description
            case .emptyImage: "the slice is empty (0 pixels)"
            }
        }
    }

    /// Segments `image` and measures it.
    public static func analyze(image: GrayImage, segmentation: CanSegmentation, pixelSizeMM: Double,
                               options: CanSliceOptions = CanSliceOptions(),
                               sliceIndex: Int? = nil) throws(Failure) -> CanSliceResult {
        try measured(image: image, segmentation: segmentation, pixelSizeMM: pixelSizeMM, options: options,
                     sliceIndex: sliceIndex).result
    }

    /// Measures a wall mask. With `resolvePolarity` the wall side is decided by
    /// `MaskPolarity` (for 1-bit inputs of unknown polarity) and the decision recorded.
    public static func analyze(mask given: Mask, pixelSizeMM: Double, options: CanSliceOptions = CanSliceOptions(),
                               sliceIndex: Int? = nil, resolvePolarity: Bool = true) throws(Failure) -> CanSliceResult {
        try measured(mask: given, pixelSizeMM: pixelSizeMM, options: options, sliceIndex: sliceIndex,
                     resolvePolarity: resolvePolarity).result
    }

    /// `analyze(image:…)` with the wall it measured, for drawing (`CanOverlay`).
    public static func measured(image: GrayImage, segmentation: CanSegmentation, pixelSizeMM: Double,
                                options: CanSliceOptions = CanSliceOptions(),
                                sliceIndex: Int? = nil) throws(Failure) -> (result: CanSliceResult, wall: CanWall) {
        guard image.count > 0 else { throw .emptyImage }
        switch segmentation {
        case .fixed(let t):
            var m = try measured(mask: Threshold.mask(image, above: t), pixelSizeMM: pixelSizeMM, options: options,
                                 sliceIndex: sliceIndex, resolvePolarity: false)
            m.result.threshold = t; m.result.segmentation = "fixed"
            m.result.edgeThickness = edgeThickness(image, m.result)
            return m
        case .otsu:
            let t = Threshold.otsu(image)
            var m = try measured(mask: Threshold.mask(image, above: t), pixelSizeMM: pixelSizeMM, options: options,
                                 sliceIndex: sliceIndex, resolvePolarity: false)
            m.result.threshold = t; m.result.segmentation = "otsu"
            m.result.edgeThickness = edgeThickness(image, m.result)
            return m
        case .binaryOrOtsu:
            if let low = twoValueMinimum(image) {
                return try measured(mask: Threshold.mask(image, above: low), pixelSizeMM: pixelSizeMM,
                                    options: options, sliceIndex: sliceIndex, resolvePolarity: true)
            }
            return try measured(image: image, segmentation: .otsu, pixelSizeMM: pixelSizeMM, options: options,
                                sliceIndex: sliceIndex)
        }
    }

    /// `analyze(mask:…)` with the wall it measured.
    public static func measured(mask given: Mask, pixelSizeMM: Double, options: CanSliceOptions = CanSliceOptions(),
                                sliceIndex: Int? = nil, resolvePolarity: Bool = true) throws(Failure)
        -> (result: CanSliceResult, wall: CanWall)
    {
        var mask = given
        var polarity: MaskPolarity? = nil
        if resolvePolarity {
            let resolved = MaskPolarity.resolve(given)
            mask = resolved.mask
            polarity = resolved.polarity
        }
        let wall: CanWall
        do { wall = try CanWall(mask: mask, innerRule: options.innerContour) } catch { throw .wall(error) }
        let fit: CanEllipseFit
        do { fit = try CanEllipseFit(outer: wall.outerContour, options: options) } catch { throw .ellipse(error) }
        let centre = fit.ransac.first?.ellipse ?? fit.leastSquares.ellipse
        let thinnest = atan2(Double(wall.thickness.minRow) - centre.yc, Double(wall.thickness.minCol) - centre.xc)
        let result = CanSliceResult(
            sliceIndex: sliceIndex, pixelSizeMM: pixelSizeMM, threshold: nil, segmentation: "mask",
            polarity: polarity, contourCount: wall.contourCount, outerContourPoints: wall.outerContour.count,
            outerDiameterPx: wall.outerDiameterPx, innerDiameterPx: wall.innerDiameterPx,
            thickness: wall.thickness, contourThickness: wall.contourThickness, edgeThickness: nil, thinnestAngle: thinnest,
            leastSquares: fit.leastSquares,
            ransacSeeds: fit.ransac.count, eccentricity: fit.eccentricity, semiMajorPx: fit.semiMajorPx,
            semiMinorPx: fit.semiMinorPx, maxDentPx: fit.maxDentPx, centreX: fit.centreX, centreY: fit.centreY,
            dentProfile: fit.profile, ransac: fit.ransac)
        return (result, wall)
    }

    /// The half-height edge thickness about the fitted centre, searched at the mask's radii.
    static func edgeThickness(_ image: GrayImage, _ r: CanSliceResult) -> EdgeWallThickness? {
        let centre = r.ransac.first?.ellipse ?? r.leastSquares.ellipse
        return EdgeWallThickness(image: image, xc: centre.xc, yc: centre.yc,
                                 outerRadius: r.outerDiameterPx / 2, innerRadius: r.innerDiameterPx / 2)
    }

    /// The lower value when the image holds exactly two grey values (a binary mask), else nil.
    static func twoValueMinimum(_ image: GrayImage) -> Float? {
        var first: Float? = nil, second: Float? = nil
        for v in image.pixels {
            if v == first || v == second { continue }
            if first == nil { first = v } else if second == nil { second = v } else { return nil }
        }
        guard let a = first, let b = second else { return nil }
        return min(a, b)
    }
}
