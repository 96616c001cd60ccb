import Foundation
import Imaging

/// Classical segmentation of the electrode winding on one axial slice
/// (docs/method.md step 2, notebook 04), no model needed.
///
/// Steps, as the reference:
/// 1. can = `im > canThreshold`;
/// 2. electrode = `im > electrodeThreshold`, minus the can dilated by `star(2)`;
/// 3. cathode = dilation(erosion(electrode, star(1)), star(1)) — the opening drops
///    the thinner anode current collector;
/// 4. `remove_small_objects` (default: 64 px, 4-connectivity, scikit-image 0.26 rule).
/// Morphology follows scikit-image border semantics (see `BinaryMorphology`).
public struct WindingSegmentation: Sendable {
    public struct Options: Sendable, Codable, Equatable {
        /// Can wall threshold; reference `> 61000` on the 16-bit `im_*` slices,
        /// `> 90`/`> 100` on the 8-bit volume.
        public var canThreshold: ThresholdChoice = .fixed(61000)
        /// Electrode threshold; reference `> 52` on the 8-bit volume.
        public var electrodeThreshold: ThresholdChoice = .otsuInsideCan
        /// `a` of the star footprint the can is dilated by before removal (reference 2).
        public var canDilationStar: Int = 2
        /// `a` of the star footprint of the opening (reference 1).
        public var openingStar: Int = 1
        /// Components of at most (0.26) / fewer than (< 0.26) this many pixels are dropped.
        public var minObjectSize: Int = 64
        public var smallObjectRule: SmallObjectRule = .reference
        /// Which pixels above the can threshold leave the electrode mask; nil = all of
        /// them (the reference's step 2), see ``CanRemoval``.
        public var canRemoval: CanRemoval?
        /// Step 3 as the reference (nil, false: opening by `star(openingStar)` always), or
        /// with an opening no wider than the layers (true, see ``Opening``).
        public var openingFitsLayers: Bool?

        public init() {}

        public init(canThreshold: ThresholdChoice, electrodeThreshold: ThresholdChoice) {
            self.canThreshold = canThreshold
            self.electrodeThreshold = electrodeThreshold
        }
    }

    /// What step 2 takes out of the electrode mask (dilated by `canDilationStar`).
    public enum CanRemoval: String, Sendable, Codable, Equatable {
        /// Every pixel above the can threshold: the reference.
        case everyPixelAbove
        /// The can wall only: the components of the can mask that border the air
        /// outside the can. Pixels above the can level inside the can's hole stay in
        /// the electrode mask: copper foils that clip with the steel (no grey level
        /// tells them from it, `CanThreshold.Levels.electrodesBelowSteel`) belong to
        /// their layer; removing them and two pixels around would cut that layer along
        /// the foil.
        case wall
    }

    /// The opening step 3 applied.
    ///
    /// The opening is there to drop the anode's current collector, a line about one
    /// pixel wide, and keep the cathode layers, several pixels wide. At coarse voxels
    /// (0.055–0.06 mm) the layers themselves are two pixels wide and `star(1)` (a
    /// 3 px cross) erases them with the foil: the mask comes out empty. With
    /// `openingFitsLayers`, the opening must keep most of the mask (at least half its
    /// pixels: a foil line is a minority of them wherever the layers are wider than
    /// it): else the 2 × 2 square opening, which drops one-pixel lines and keeps
    /// two-pixel layers, grown back by one pixel inside the mask across the necks
    /// where a two-pixel layer runs diagonally (``reconstructedFromSquare2(_:)``);
    /// else none, where the layers are no wider than the foil.
    public enum Opening: String, Sendable, Codable, Equatable {
        /// `star(openingStar)`, the reference's.
        case star
        /// The 2 × 2 square, then one pixel of geodesic dilation.
        case square2
        /// None.
        case none
    }

    public enum Failure: Error, CustomStringConvertible, Equatable {
        case noCan(threshold: Float)
        case flatImage
        public var description: String {
            switch self {
            case .noCan(let t): "no can wall above \(t) inside the slice: set the can threshold for this scanner"
            case .flatImage: "the slice has a single grey value inside the can: no winding to segment"
            }
        }
    }

    /// The can wall mask.
    public let can: Mask
    /// The cathode (electrode) mask handed to the unrolling.
    public let electrode: Mask
    public let canThreshold: Float
    public let electrodeThreshold: Float
    /// The opening step 3 applied (``Opening/star`` unless `openingFitsLayers`).
    public let opening: Opening
    /// e.g. "can > 61000 (fixed 61000.0); electrode > 31211.7 (Otsu inside the can); …"
    public let summary: String

    public init(image: GrayImage, options: Options = Options()) throws(Failure) {
        let canT: Float
        switch options.canThreshold {
        case .fixed(let t), .automatic(let t, _): canT = t
        case .otsuInsideCan:
            // Otsu of the whole slice: the can wall is the brightest class.
            canT = Threshold.otsu(image)
        }
        let can = Threshold.mask(image, above: canT)
        guard can.pixels.contains(true) else { throw .noCan(threshold: canT) }

        let electrodeT: Float
        switch options.electrodeThreshold {
        case .fixed(let t), .automatic(let t, _): electrodeT = t
        case .otsuInsideCan: electrodeT = try Self.otsuInsideCan(image, can: can)
        }

        let removed = options.canRemoval == .wall ? Self.wall(of: can) : can
        let guardBand = removed.dilated(by: .star(options.canDilationStar))
        var electrode = Threshold.mask(image, above: electrodeT)
        electrode.subtract(guardBand)
        var opened = electrode.eroded(by: .star(options.openingStar)).dilated(by: .star(options.openingStar))
        var opening = Opening.star
        if options.openingFitsLayers == true {
            let total = electrode.trueCount
            if 2 * opened.trueCount < total {
                opened = Self.reconstructedFromSquare2(electrode)
                opening = .square2
                if 2 * opened.trueCount < total { opened = electrode; opening = .none }
            }
        }
        let cleaned = opened.removingSmallObjects(minSize: options.minObjectSize, connectivity: .four,
                                                  rule: options.smallObjectRule)
        self.can = can
        self.electrode = cleaned
        self.canThreshold = canT
        self.electrodeThreshold = electrodeT
        self.opening = opening
        self.summary = "can > \(canT) (\(options.canThreshold)); electrode > \(electrodeT) (\(options.electrodeThreshold)); "
            + "minus \(options.canRemoval == .wall ? "can wall" : "can") ⊕ star(\(options.canDilationStar)); \(Self.describe(opening, star: options.openingStar)); "
            + "small objects \(options.smallObjectRule == .atMost ? "≤" : "<") \(options.minObjectSize) px removed"
    }

    static func describe(_ opening: Opening, star: Int) -> String {
        switch opening {
        case .star: "opening star(\(star))"
        case .square2: "opening 2×2 + 1 px inside the mask (star(\(star)) would erase the layers)"
        case .none: "no opening (the layers are no wider than the foil)"
        }
    }

    /// Opening by the 2 × 2 square: the pixels of `mask` that lie in some 2 × 2
    /// square of set pixels.
    static func openedBySquare2(_ mask: Mask) -> Mask {
        let w = mask.width, h = mask.height
        var out = Mask(width: w, height: h, repeating: false)
        guard w > 1, h > 1 else { return out }
        mask.pixels.withUnsafeBufferPointer { m in
            out.pixels.withUnsafeMutableBufferPointer { o in
                for r in 0..<(h - 1) {
                    for c in 0..<(w - 1) {
                        let i = r * w + c
                        if m[i] && m[i + 1] && m[i + w] && m[i + w + 1] {
                            o[i] = true; o[i + 1] = true; o[i + w] = true; o[i + w + 1] = true
                        }
                    }
                }
            }
        }
        return out
    }

    /// The 2 × 2 opening of `mask`, then one geodesic dilation (3 × 3, inside `mask`):
    /// the 2 × 2 squares of set pixels, joined again across the one-pixel necks where a
    /// two-pixel layer runs diagonally and no square fits. A one-pixel line grows back
    /// only a pixel beside a square, never along its length.
    static func reconstructedFromSquare2(_ mask: Mask) -> Mask {
        var grown = openedBySquare2(mask).dilated(by: .square(radius: 1))
        grown.formIntersection(mask)
        return grown
    }

    /// The can mask's components that border the air outside it (`CanRemoval.wall`):
    /// the air is the complement's part connected to the image border (4-connected),
    /// the wall every can pixel 4-connected to that air through can pixels.
    static func wall(of can: Mask) -> Mask {
        let air = Labeling.touchingBorder(can.map { !$0 }, connectivity: .four)
        var canOrAir = can
        canOrAir.formUnion(air)
        // Air and can are disjoint, so taking the air out leaves the wall's can pixels.
        var wall = Labeling.touchingBorder(canOrAir, connectivity: .four)
        wall.subtract(air)
        return wall
    }

    /// Otsu's threshold of the grey values inside the can (`ThresholdChoice.otsuInsideCan`).
    ///
    /// The level must split the layers, which alternate along the radius. Where the
    /// separators are not resolved (coarse voxels, blur), Otsu's level of the can's
    /// contents falls between the void (central hole, gap to the wall) and the whole
    /// roll: the electrode mask is then the roll in one piece, and a ray from the centre
    /// changes class two or three times. The layers then lie inside the brighter class:
    /// its own Otsu level, where it shows more changes along the rays (see
    /// ``radialCrossings(_:hole:level:rays:)``). Where the first level already shows
    /// `ScanQuality.minLayerCrossings` changes or more, it is the reference's level unchanged.
    public static func otsuInsideCan(_ image: GrayImage, can: Mask) throws(Failure) -> Float {
        let (values, hole) = insideCan(image, can: can)
        guard values.count > 1 else { throw .flatImage }
        let level = Threshold.otsu(GrayImage(width: values.count, height: 1, pixels: values))
        let crossings = radialCrossings(image, hole: hole, level: level)
        guard crossings < ScanQuality.minLayerCrossings else { return level }
        let material = values.filter { $0 > level }
        guard material.count > 1 else { return level }
        let inner = Threshold.otsu(GrayImage(width: material.count, height: 1, pixels: material))
        return radialCrossings(image, hole: hole, level: inner) > crossings ? inner : level
    }

    /// Median over `rays` rays from the centroid of `hole` (the pixels the can
    /// encloses) of the changes between `> level` and `≤ level` along the ray, over the
    /// ray's samples (nearest pixel, one per pixel of radius) inside the hole.
    static func radialCrossings(_ image: GrayImage, hole: Mask, level: Float, rays: Int = 90) -> Int {
        var n = 0, sumRow = 0.0, sumCol = 0.0
        for r in 0..<hole.height { for c in 0..<hole.width where hole[r, c] { n += 1; sumRow += Double(r); sumCol += Double(c) } }
        guard n > 0 else { return 0 }
        let row0 = sumRow / Double(n), col0 = sumCol / Double(n)
        let reach = Int((Double(max(hole.width, hole.height))).rounded(.up))
        var counts: [Int] = []
        for k in 0..<rays {
            let a = 2 * Double.pi * Double(k) / Double(rays)
            let dr = sin(a), dc = cos(a)
            var previous: Bool?, changes = 0
            for step in 0..<reach {
                let r = Int((row0 + Double(step) * dr).rounded()), c = Int((col0 + Double(step) * dc).rounded())
                guard r >= 0, r < hole.height, c >= 0, c < hole.width else { break }
                guard hole[r, c] else { continue }
                let bright = image[r, c] > level
                if let p = previous, p != bright { changes += 1 }
                previous = bright
            }
            counts.append(changes)
        }
        counts.sort()
        return counts[counts.count / 2]
    }

    /// The electrode level of a whole scan: `otsuInsideCan` on one slice through
    /// the body of the roll (`slice`, e.g. the middle of the range the quality gate
    /// found), applied to every slice.
    ///
    /// Why one level and not Otsu per slice: the level belongs to the materials,
    /// not to the slice. Per slice, a slice at the end of the roll, where the
    /// cathode stops (partial volume: the phantom's cathode top at slice 16 reads
    /// ≈ 56 against the anode's 50), puts Otsu below the anode (41 there, 57 in the
    /// body), so anode and cathode both pass and their turns bridge through the
    /// 2 px of separator between them into one label over most of the roll.
    public static func scanLevel(slice: Int, of volume: some SliceSource, canThreshold: Float) throws -> ThresholdChoice {
        let image = try volume.slice(slice)
        let can = Threshold.mask(image, above: canThreshold)
        guard can.pixels.contains(true) else { throw Failure.noCan(threshold: canThreshold) }
        let level = try otsuInsideCan(image, can: can)
        return .automatic(level, from: "Otsu inside the can of slice \(slice), the middle of the roll's body, for every slice")
    }

    /// The level inside the brighter class of `level` on `slice`: Otsu's of the grey
    /// values inside the can above `level`, for a scan whose labels at `level` merged
    /// turns. Where both electrode families pass a level (an anode coating well above
    /// the separator, as behind a dense cathode), the turns are kept apart only by
    /// separators of a pixel or two, which partial volume bridges; the brighter family
    /// alone is one strip per turn with a whole layer of gap between turns. nil when
    /// nothing lies above `level`.
    public static func brighterClassLevel(slice: Int, of volume: some SliceSource, canThreshold: Float,
                                          above level: Float) throws -> ThresholdChoice? {
        let image = try volume.slice(slice)
        let can = Threshold.mask(image, above: canThreshold)
        guard can.pixels.contains(true) else { throw Failure.noCan(threshold: canThreshold) }
        let material = insideCan(image, can: can).values.filter { $0 > level }
        guard material.count > 1 else { return nil }
        let inner = Threshold.otsu(GrayImage(width: material.count, height: 1, pixels: material))
        guard inner > level else { return nil }
        return .automatic(inner, from: "Otsu inside the can of slice \(slice) above \(level), whose labels merged turns")
    }

    /// The grey values of the pixels enclosed by the can: not can, and not
    /// 4-connected to the image border through non-can pixels (the components of
    /// the complement that do not touch the border), in raster order.
    static func valuesInsideCan(_ image: GrayImage, can: Mask) -> [Float] {
        insideCan(image, can: can).values
    }

    /// ``valuesInsideCan(_:can:)`` and the mask of those pixels.
    static func insideCan(_ image: GrayImage, can: Mask) -> (values: [Float], hole: Mask) {
        let outside = MaskRuns(can.map { !$0 })
        let (labels, sizes) = outside.components(connectivity: .four)
        let open = outside.touchingBorder(labels: labels, componentCount: sizes.count)
        var values: [Float] = []
        values.reserveCapacity(sizes.enumerated().reduce(0) { $0 + (open[$1.offset + 1] ? 0 : $1.element) })
        image.pixels.withUnsafeBufferPointer { px in
            for k in 0..<outside.count where !open[Int(labels[k])] {
                let base = Int(outside.rows[k]) * image.width
                values.append(contentsOf: px[(base + Int(outside.starts[k]))..<(base + Int(outside.ends[k]))])
            }
        }
        return (values, outside.mask { !open[Int(labels[$0])] })
    }
}
