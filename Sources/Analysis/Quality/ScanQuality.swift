import Imaging

/// Step 1 of the method: is the scan measurable? Measures layer CNR, tilt,
/// cupping, edge sharpness and under-sampling streaks, streaming every `sliceStep`-th slice, and
/// judges them against `QualityThresholds`.
///
/// A scan that fails is INVALID (rescan), never a FAIL of the cell: each failed
/// check carries a reason a person can act on.
public struct ScanQualityParameters: Sendable, Codable, Equatable {
    /// Analyse every k-th slice.
    public var sliceStep: Int = 1
    /// Grey level of the cell's outline (air → material). `nil`: Otsu per slice.
    public var outlineLevel: Float?
    /// Number of equal slice ranges the per-range indicators are reported over.
    public var rangeCount: Int = 5
    public var thresholds = QualityThresholds()

    public init(sliceStep: Int = 1, outlineLevel: Float? = nil, rangeCount: Int = 5,
                thresholds: QualityThresholds = QualityThresholds()) {
        self.sliceStep = sliceStep
        self.outlineLevel = outlineLevel
        self.rangeCount = rangeCount
        self.thresholds = thresholds
    }
}

/// What one slice says about scan quality (absent parts could not be measured there).
public struct SliceQuality: Sendable, Codable, Equatable {
    public var slice: Int
    public var outline: Silhouette?
    public var canInnerRadiusPx: Double?
    public var cnr: Double?
    public var noiseSigma: Double?
    public var cupping: Double?
    public var edgeWidthPx: Double?
    /// Under-sampling streaks in the air around the can (`StreakIndex`); nil where
    /// too little air around the outline lies inside the image.
    public var streakIndex: Double?
    /// Radii (px) of the layered band the CNR and cupping were measured over.
    public var bandInnerRadiusPx: Int?
    public var bandOuterRadiusPx: Int?
    /// Median bright/dark changes along a radial ray (see `LayerContrast.layerCrossings`).
    public var layerCrossings: Int?
    /// Whether the slice cuts through the wound layers: ≥ `ScanQuality.minLayerCrossings`
    /// changes along a ray, with a CNR of at least 1.5 (noise alone in an empty
    /// can also changes class often, but with a CNR near 0.7). Only such slices
    /// judge layer CNR and cupping, and the winding analysis uses them; a scan
    /// too noisy to show layers anywhere has none and is INVALID.
    public var inWinding: Bool { (layerCrossings ?? 0) >= ScanQuality.minLayerCrossings && (cnr ?? 0) >= 1.5 }
}

/// One precondition: measured value, limit, and what to do when it fails (see `QualityRule`).
public struct QualityCheck: Sendable, Codable, Equatable {
    public var metric: MetricID
    /// The rule's stable code (`quality.layer_cnr`), carried by the INVALID reason.
    public var code: String
    /// The value judged (its magnitude for tilt and cupping); nil when not measured.
    public var value: Double?
    /// nil when the thresholds set no limit (the check then passes).
    public var limit: Double?
    public var passed: Bool
    /// Empty when passed; otherwise e.g. "tilt 2.3° > 1.0°: remount the cell in the holder and rescan".
    public var reason: String

    public init(metric: MetricID, code: String, value: Double?, limit: Double?, passed: Bool, reason: String) {
        self.metric = metric
        self.code = code
        self.value = value
        self.limit = limit
        self.passed = passed
        self.reason = reason
    }
}

/// Indicators over one range of slices: quality falling toward the ends of the
/// cone-beam field of view shows as CNR dropping and edges widening there.
public struct SliceRangeQuality: Sendable, Codable, Equatable {
    public var firstSlice: Int
    public var lastSlice: Int
    public var medianCNR: Double?
    public var medianEdgeWidthPx: Double?
    /// Median `SliceQuality.streakIndex` over the range's can ring slices.
    public var medianStreakIndex: Double?

    public init(firstSlice: Int, lastSlice: Int, medianCNR: Double?, medianEdgeWidthPx: Double?,
                medianStreakIndex: Double? = nil) {
        self.firstSlice = firstSlice
        self.lastSlice = lastSlice
        self.medianCNR = medianCNR
        self.medianEdgeWidthPx = medianEdgeWidthPx
        self.medianStreakIndex = medianStreakIndex
    }
}

public struct ScanQualityDetails: Sendable, Codable, Equatable {
    public var checks: [QualityCheck]
    public var tilt: AxisTilt?
    public var ranges: [SliceRangeQuality]
    public var slices: [SliceQuality]
    /// CNR of the worst slice range over the best: below ~0.7 suggests cone-beam
    /// fall-off toward the ends of the field of view.
    public var cnrRangeRatio: Double?
    /// Slices whose outline is the can's round wall (those the tilt is fitted on).
    public var canRingSlices: [Int] {
        let radii = slices.compactMap { $0.outline?.radius }.sorted()
        guard !radii.isEmpty else { return [] }
        let median = radii[radii.count / 2]
        return slices.filter { $0.outline.map { ScanQuality.isCanRing($0, medianRadius: median) } ?? false }.map(\.slice)
    }

    /// The slice range along the body of the cell, where the can is a plain cylinder
    /// around the wound layers: the can ring slices from the first to the last slice
    /// that cuts the winding (`SliceQuality.inWinding`), reaching to the end of the
    /// volume where no analysed slice beyond shows something else. The header
    /// (cap, crimp, bead groove) and the bottom have designed shapes the can metrics
    /// would read as a thick wall or an oval. The span of all can ring slices when no
    /// slice cuts the winding; nil without any can ring.
    public func canBodyRange(depth: Int) -> ClosedRange<Int>? {
        let ring = Set(canRingSlices)
        let analysed = slices.map(\.slice)
        let wound = slices.filter { $0.inWinding && ring.contains($0.slice) }.map(\.slice)
        guard let first = wound.min() ?? ring.min(), let last = wound.max() ?? ring.max() else { return nil }
        let low = analysed.contains { $0 < first } ? first : 0
        let high = analysed.contains { $0 > last } ? last : depth - 1
        return low...high
    }

    /// Slices through the body of the roll, where every strip is present: at
    /// least 3/4 of the median layer crossings of the wound slices (a slice at a
    /// strip's end, half bright, can show more crossings than the body). Excludes the roll's ends, where
    /// only the overhanging anodes remain and a winding fit would see half the
    /// layers. The winding analysis runs on these.
    public var windingBodySlices: [Int] { ScanQuality.bodySlices(slices) }
    public var measurable: Bool { checks.allSatisfy(\.passed) }
}

public enum ScanQuality {
    /// Five layers or more along a ray: a cap, a tab or the can bottom shows a few
    /// changes at most; the thinnest rolls have tens of layers.
    public static let minLayerCrossings = 10

    public static func analyze(_ volume: some SliceSource,
                               parameters: ScanQualityParameters = ScanQualityParameters()) async throws
        -> AnalysisReport<ScanQualityDetails>
    {
        let indices = analysedSlices(depth: volume.shape.depth, sliceStep: parameters.sliceStep)
        let level = parameters.outlineLevel
        let depth = volume.shape.depth
        let slices = try await concurrentMap(indices) { z in
            let next = z + 1 < depth ? try volume.slice(z + 1) : nil
            return try measureSlice(volume.slice(z), index: z, next: next, outlineLevel: level)
        }
        return summarize(slices, voxelSize: volume.voxelSize, parameters: parameters)
    }

    /// Every `sliceStep`-th slice from the first.
    public static func analysedSlices(depth: Int, sliceStep: Int) -> [Int] {
        Array(stride(from: 0, to: depth, by: max(1, sliceStep)))
    }

    /// The slices `analyze` reads, in its order: each analysed slice and the one
    /// after it (the noise estimate's neighbour).
    public static func slicesRead(depth: Int, sliceStep: Int) -> [Int] {
        analysedSlices(depth: depth, sliceStep: sliceStep).flatMap { z in z + 1 < depth ? [z, z + 1] : [z] }
    }

    /// Everything the gate measures on one slice; `next` (the following slice)
    /// gives the noise, see `LayerContrast`.
    public static func measureSlice(_ image: GrayImage, index: Int, next: GrayImage? = nil,
                                    outlineLevel: Float?) -> SliceQuality {
        var result = SliceQuality(slice: index)
        let level = outlineLevel ?? LayerContrast.otsu(image.pixels)
        guard let outline = Silhouette.fit(image, level: level) else { return result }
        result.outline = outline
        result.edgeWidthPx = EdgeSharpness.measure(image, silhouette: outline)?.edgeWidthPx
        result.streakIndex = StreakIndex.measure(image, silhouette: outline)?.index
        // One grid for the slice and its neighbour: same centre, same pixels.
        let grid = PolarRingGrid(width: image.width, height: image.height, centreRow: outline.centreRow,
                                 centreCol: outline.centreCol, maxRadius: Int(outline.radius.rounded(.down)))
        let rings = PolarRings(image, grid: grid)
        guard let inner = canInnerRadius(rings, outerRadius: outline.radius, materialLevel: level) else { return result }
        result.canInnerRadiusPx = inner
        let neighbour = next.map { PolarRings($0, grid: grid) }
        if let contrast = LayerContrast.measure(rings, canInnerRadius: inner, neighbour: neighbour) {
            result.cnr = contrast.cnr
            result.noiseSigma = contrast.noiseSigma
            result.cupping = contrast.cupping
            result.bandInnerRadiusPx = contrast.bandInnerRadius
            result.bandOuterRadiusPx = contrast.bandOuterRadius
            result.layerCrossings = contrast.layerCrossings
        }
        return result
    }

    /// The can wall is the bright band just inside the outline: walk inward
    /// from the outline while the ring's median stays at steel level (Otsu of
    /// the material pixels, which splits steel from electrodes).
    static func canInnerRadius(_ rings: PolarRings, outerRadius: Double, materialLevel: Float) -> Double? {
        var material: [Float] = []
        material.reserveCapacity(rings.rings.reduce(0) { $0 + $1.count })
        for ring in rings.rings { for v in ring where v >= materialLevel { material.append(v) } }
        guard material.count > 100 else { return nil }
        let steel = LayerContrast.otsu(material)
        var r = min(rings.rings.count - 1, Int(outerRadius.rounded(.down)))
        // Step over the partial-volume rim first.
        while r > 0, OrderStatistic.upperMedian(rings.rings[r]) < steel, Double(r) > outerRadius - 3 { r -= 1 }
        var wall = 0
        while r > 0, OrderStatistic.upperMedian(rings.rings[r]) >= steel { r -= 1; wall += 1 }
        guard wall > 0, r > 10 else { return nil }
        return Double(r) + 0.5
    }


    static func median(_ values: [Double]) -> Double? {
        let a = values.filter { $0.isFinite }.sorted()
        guard !a.isEmpty else { return nil }
        return a.count % 2 == 1 ? a[a.count / 2] : (a[a.count / 2 - 1] + a[a.count / 2]) / 2
    }

    static func summarize(_ slices: [SliceQuality], voxelSize: VoxelSize,
                          parameters: ScanQualityParameters) -> AnalysisReport<ScanQualityDetails> {
        let t = parameters.thresholds
        // Tilt from slices whose outline is the can: radius near the median and round.
        let outlines = slices.compactMap { s in s.outline.map { (s.slice, $0) } }
        let medianRadius = median(outlines.map { $0.1.radius }) ?? 0
        let canSlices = outlines.filter { isCanRing($0.1, medianRadius: medianRadius) }
        let tilt = AxisTilt.fit(slices: canSlices.map(\.0), centreRows: canSlices.map(\.1.centreRow),
                                centreCols: canSlices.map(\.1.centreCol),
                                pixelMM: voxelSize.inPlane, sliceMM: voxelSize.z)
        // Layer contrast and cupping only where the slice cuts the body of the
        // winding: the ends of a scan (cap, headspace, overhanging anodes, can
        // bottom) have no full set of layers to separate.
        let body = Set(bodySlices(slices))
        let wound = slices.filter { body.contains($0.slice) }
        let cnr = median(wound.compactMap(\.cnr))
        let cupping = median(wound.compactMap(\.cupping))
        let edge = median(slices.compactMap(\.edgeWidthPx))
        // Streaks around the can only: elsewhere (cap, crimp) the outline's circle
        // does not follow the object, and its annulus may cut material.
        let ringSlices = Set(canSlices.map(\.0))
        let streaks = median(slices.filter { ringSlices.contains($0.slice) }.compactMap(\.streakIndex))

        var measurements: [Measurement] = []
        if let cnr { measurements.append(Measurement(.qualitySNR, cnr, unit: "1")) }
        if let tilt { measurements.append(Measurement(.qualityTilt, tilt.tiltDeg, unit: "deg", uncertainty: tilt.uncertaintyDeg)) }
        if let cupping { measurements.append(Measurement(.qualityCupping, cupping, unit: "1")) }
        if let edge { measurements.append(Measurement(.qualityEdgeWidth, edge, unit: "px")) }
        if let streaks { measurements.append(Measurement(.qualityStreakIndex, streaks, unit: "1")) }

        // Judged by the gate's one table, in its order.
        let measured: [MetricID: Double?] = [
            .qualitySNR: cnr, .qualityTilt: tilt?.tiltDeg, .qualityCupping: cupping, .qualityEdgeWidth: edge,
            .qualityStreakIndex: streaks,
        ]
        let values = measured.compactMapValues { $0 }
        let checks = QualityRule.all.compactMap { $0.check(values[$0.metric], thresholds: t) }

        let ranges = sliceRanges(slices, body: body, canRing: ringSlices, count: parameters.rangeCount)
        let rangeCNRs = ranges.compactMap(\.medianCNR)
        let ratio = rangeCNRs.count >= 2 ? rangeCNRs.min()! / rangeCNRs.max()! : nil
        let details = ScanQualityDetails(checks: checks, tilt: tilt, ranges: ranges, slices: slices,
                                         cnrRangeRatio: ratio)
        return AnalysisReport(measurements: measurements, details: details)
    }

    /// See `ScanQualityDetails.windingBodySlices`.
    static func bodySlices(_ slices: [SliceQuality]) -> [Int] {
        let wound = slices.filter(\.inWinding)
        let crossings = wound.compactMap(\.layerCrossings).sorted()
        guard !crossings.isEmpty else { return [] }
        let typical = crossings[crossings.count / 2]
        return wound.filter { 4 * ($0.layerCrossings ?? 0) >= 3 * typical }.map(\.slice)
    }

    /// An outline that is the can's round wall, not a cap, crimp or empty slice:
    /// its radius within 3 % of the scan's median, and round within 3 px RMS.
    public static func isCanRing(_ outline: Silhouette, medianRadius: Double) -> Bool {
        abs(outline.radius - medianRadius) < 0.03 * medianRadius && outline.rmsResidual < 3
    }

    static func sliceRanges(_ slices: [SliceQuality], body: Set<Int>, canRing: Set<Int>, count: Int) -> [SliceRangeQuality] {
        guard !slices.isEmpty, count > 0 else { return [] }
        let per = max(1, (slices.count + count - 1) / count)
        return stride(from: 0, to: slices.count, by: per).map { start in
            let part = slices[start..<min(slices.count, start + per)]
            return SliceRangeQuality(firstSlice: part.first!.slice, lastSlice: part.last!.slice,
                                     medianCNR: median(part.filter { body.contains($0.slice) }.compactMap(\.cnr)),
                                     medianEdgeWidthPx: median(part.compactMap(\.edgeWidthPx)),
                                     medianStreakIndex: median(part.filter { canRing.contains($0.slice) }.compactMap(\.streakIndex)))
        }
    }
}

func fmt(_ v: Double) -> String {
    let scaled = (v * 10).rounded() / 10
    return String(describing: scaled)
}
