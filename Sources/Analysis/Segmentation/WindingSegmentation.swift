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
        electrode.pixels.withUnsafeMutableBufferPointer { e in
            guardBand.pixels.withUnsafeBufferPointer { g in
                for i in 0..<e.count { e[i] = e[i] && !g[i] }
            }
        }
        let opened = electrode.eroded(by: .star(options.openingStar)).dilated(by: .star(options.openingStar))
        let cleaned = opened.removingSmallObjects(minSize: options.minObjectSize, connectivity: .four,
                                                  rule: options.smallObjectRule)
        self.can = can
        self.electrode = cleaned
        self.canThreshold = canT
        self.electrodeThreshold = electrodeT
        self.summary = "can > \(canT) (\(options.canThreshold)); electrode > \(electrodeT) (\(options.electrodeThreshold)); "
            + "minus \(options.canRemoval == .wall ? "can wall" : "can") ⊕ star(\(options.canDilationStar)); opening star(\(options.openingStar)); "
            + "small objects \(options.smallObjectRule == .atMost ? "≤" : "<") \(options.minObjectSize) px removed"
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
    public static func otsuInsideCan(_ image: GrayImage, can: Mask) throws(Failure) -> Float {
        let values = valuesInsideCan(image, can: can)
        guard values.count > 1 else { throw .flatImage }
        return Threshold.otsu(GrayImage(width: values.count, height: 1, pixels: values))
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

    /// The grey values of the pixels enclosed by the can: not can, and not
    /// 4-connected to the image border through non-can pixels (the components of
    /// the complement that do not touch the border), in raster order.
    static func valuesInsideCan(_ image: GrayImage, can: Mask) -> [Float] {
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
        return values
    }
}
