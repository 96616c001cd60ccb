import Foundation
import Imaging

/// Electrode overhang analysis (the method's step 3, notebook 01 of the reference).
///
/// 1. Angular sections through the measured cell axis (``AngularReslice``) over
///    the slice range of each roll end; a bottom end's sections are flipped so its
///    outer face is row 0 as well.
/// 2. Per section, ``ClassicalOverhangSegmenter`` follows both layer families (the
///    brighter and the dimmer) to their ends; ``AnodeIdentification`` then names the
///    anode family once for the cell, over every section at both ends (by which
///    family overhangs the other, corroborated by the copper foil line), and when it
///    cannot, the overhang metrics are unmeasured (``OverhangMetrics/report(regions:ends:voxelSize:identification:regionsByModel:details:)``).
///    With the anode named, every anode end is measured
///    against its cathodes (signed ``LayerEnd``s, negative ones included); the
///    regions come from `segmenter` (probability ≥ 0.9, 8-connected labelling as
///    scikit-image `label`) — the classical segmenter's own regions when it is the
///    segmenter. Labels are made unique across sections and ends. A negative end
///    whose anode is not an anode in the sections beside it (``AnodeContinuity``)
///    is left out as ambiguous: the families were swapped there, not the electrodes.
///    Then the ends are placed along the strip (``SpiralTurns``), and negative ends
///    count only where a turn's length of strip holds more of them than the cell's
///    misread rate explains (``ShortTurnTest``); the others are left out as
///    unconfirmed (``OverhangDetails/unconfirmedEnds``).
/// 3. ``RegionProperties`` per region with rows scaled by `z/x` voxel size, so the
///    orientation is the physical angle (the reference stretched its sections by
///    `np.repeat(…, 2)` for the same reason).
/// 4. ``OverhangMetrics`` over all regions and ends.
public struct OverhangAnalysis: Sendable {
    public var angleStepDegrees: Double
    public var segmenter: any OverhangSegmenter
    public var classical: ClassicalOverhangSegmenter
    /// `α` of ``ShortTurnTest``: the chance per cell that misread ends alone make a turn
    /// short. Negative ends on turns not called short are left out as unconfirmed.
    public var shortTurnSignificance: Double
    /// Least contrast of the dimmer layers over the separator, in σ of their level, for the
    /// ends to be measured (``OverhangMetrics/minimumContrastToNoise``).
    public var minimumContrastToNoise: Double

    public init(angleStepDegrees: Double = 5,
                segmenter: any OverhangSegmenter = ClassicalOverhangSegmenter(),
                classical: ClassicalOverhangSegmenter = ClassicalOverhangSegmenter(),
                shortTurnSignificance: Double = 0.01,
                minimumContrastToNoise: Double = OverhangMetrics.minimumContrastToNoise) {
        self.angleStepDegrees = angleStepDegrees
        self.segmenter = segmenter
        self.classical = classical
        self.shortTurnSignificance = shortTurnSignificance
        self.minimumContrastToNoise = minimumContrastToNoise
    }

    /// One analysed section: for overlays and the per-angle table.
    public struct Section: Sendable {
        public var end: RollEnd
        public var section: AngularSection
        /// Global labels (0 = background), rows as `section.image` (outer face at row 0).
        public var labels: Image<Int32>
        public var ends: [LayerEnd]
    }

    public struct Result: Sendable {
        public var report: AnalysisReport<OverhangDetails>
        public var sections: [Section]
    }

    /// - Parameters:
    ///   - axis: the cell axis (e.g. from the can analysis).
    ///   - top: slices of the top end region, from the outer face into the layer body.
    ///   - bottom: slices of the bottom end region, when the scan holds it.
    ///   - radius: half-width of the sections in pixels (default: the largest that stays in the slices).
    public func run(_ volume: some SliceSource, axis: AxisLine, top: Range<Int>?, bottom: Range<Int>? = nil,
                    radius: Int? = nil) async throws -> Result {
        let vs = volume.voxelSize
        let r = radius ?? Self.defaultRadius(volume.shape, axis: axis)
        let reslice = AngularReslice(angleStepDegrees: angleStepDegrees, radius: r)
        var analysed: [Section] = []
        var regions: [OverhangRegion] = []
        var endRecords: [OverhangDetails.End] = []
        var nextLabel: Int32 = 1
        let rowScale = vs.z / vs.x
        // Layers of every section at both ends first: which family is the anode is
        // decided once for the cell, over all of them.
        var prepared: [(end: RollEnd, range: Range<Int>, sections: [AngularSection], layers: [SectionLayers?])] = []
        for (end, range) in [(RollEnd.top, top), (.bottom, bottom)] {
            guard let range, !range.isEmpty else { continue }
            var sections = try await reslice.sections(of: volume, axis: axis, slices: range)
            if end == .bottom { sections = sections.map(Self.flipped) }
            prepared.append((end, range, sections, try await layers(of: sections)))
        }
        let all = prepared.flatMap { $0.layers.compactMap { $0 } }
        let identification = AnodeIdentification(pairs: all.flatMap(\.endPairs), foil: CopperFoilCue(all.map(\.foil)))
        var ambiguousEnds = 0
        for (end, range, sections, layers) in prepared {
            var segmentations = zip(sections, layers).map { section, layers in
                guard let layers, let anode = identification.anode else { return SectionSegmentation.empty(like: section.image) }
                return classical.segmentation(of: layers, in: section.image, anode: anode)
            }
            if let anode = identification.anode {
                ambiguousEnds += Self.dropUnconfirmedNegativeEnds(&segmentations, layers: layers, sections: sections,
                                                                  anode: anode, wrapsAround: reslice.coversHalfTurn)
            }
            for (section, seg) in zip(sections, segmentations) {
                let local: Image<Int32>
                if segmenter is ClassicalOverhangSegmenter {
                    local = seg.labels
                } else {
                    let mask = segmenter.probability(section).map { $0 >= ClassicalOverhangSegmenter.threshold }
                    local = Labeling(mask, connectivity: .eight).labels
                }
                let offset = nextLabel - 1
                let global = local.map { $0 == 0 ? 0 : $0 + offset }
                let props = RegionProperties.measure(local, rowScale: rowScale)
                for p in props {
                    let u = (p.centroidCol - Double(section.radius))
                    let orientation = p.orientation * 180 / .pi
                    // Outward lean: on the right half (u > 0) outward is +col going up (−row).
                    let side: Double = u >= 0 ? 1 : -1
                    var deflection: Double? = p.height >= 3 ? -side * orientation : nil
                    var deflectionSE: Double? = nil
                    var fitRows: Int? = nil
                    var shift: Double? = nil
                    if segmenter is ClassicalOverhangSegmenter, let track = seg.tracks[p.label], track.count >= 3,
                       let fit = LineFit(x: (0..<track.count).map { Double($0) }, y: Array(track)) {
                        deflection = atan(-side * fit.slope * vs.x / vs.z) * 180 / .pi
                        let slopeSE = fit.slopeStandardError * vs.x / vs.z
                        deflectionSE = slopeSE / (1 + pow(fit.slope * vs.x / vs.z, 2)) * 180 / .pi
                        fitRows = track.count
                        shift = abs(fit.slope) * Double(track.count - 1)
                    }
                    regions.append(OverhangRegion(
                        label: p.label + Int(offset), end: end, angleDegrees: section.angleDegrees,
                        radialPositionMM: u * vs.x, area: p.area,
                        bbox: [p.minRow, p.minCol, p.maxRow, p.maxCol], centroid: [p.centroidRow, p.centroidCol],
                        orientationDegrees: orientation, deflectionDegrees: deflection, deflectionUncertaintyDegrees: deflectionSE, fitRows: fitRows, deflectionShiftPixels: shift,
                        lengthSlices: p.height, lengthMM: Double(p.height) * vs.z, baseRow: p.maxRow))
                }
                nextLabel += Int32(props.map(\.label).max() ?? 0)
                for e in seg.ends {
                    endRecords.append(OverhangDetails.End(
                        end: end, angleDegrees: section.angleDegrees,
                        label: e.label.map { $0 + Int(offset) },
                        radialPositionMM: e.radialPosition * vs.x,
                        anodeEndSlice: Self.slice(ofRow: e.anodeEndRow, in: section, end: end, range: range),
                        cathodeEndSlice: Self.slice(ofRow: e.cathodeEndRow, in: section, end: end, range: range),
                        overhangMM: e.overhangRows * vs.z))
                }
                analysed.append(Section(end: end, section: section, labels: global, ends: seg.ends))
            }
        }
        let shown = prepared.flatMap { zip($0.sections, $0.layers) }
        let spiral = identification.anode.flatMap { Self.spiral(shown, anode: $0, voxelSize: vs) }
        var unconfirmedEnds: Int? = nil
        if let spiral {
            let kept = ShortTurnTest(significance: shortTurnSignificance).kept(endRecords.map {
                ($0.end, spiral.strip(of: $0.position), $0.overhangMM)
            })
            unconfirmedEnds = kept.filter { !$0 }.count
            endRecords = zip(endRecords, kept).filter(\.1).map(\.0)
        }
        let details = OverhangDetails(anodeIdentification: identification, overhangs: regions, layerEnds: endRecords,
                                      perAngle: OverhangDetails.AngleRow.table(regions: regions, ends: endRecords),
                                      angleStepDegrees: angleStepDegrees, axis: axis,
                                      topSlices: top.map { [$0.lowerBound, $0.upperBound] },
                                      bottomSlices: bottom.map { [$0.lowerBound, $0.upperBound] },
                                      segmenter: String(describing: type(of: segmenter)),
                                      ambiguousEnds: ambiguousEnds, unconfirmedEnds: unconfirmedEnds,
                                      dimmerContrastToNoise: Self.median(all.compactMap(\.dimmerContrastToNoise)),
                                      endCoverage: identification.anode.map { anode in
                                          Self.endCoverage(shown, anode: anode, ends: endRecords, voxelSize: vs, spiral: spiral)
                                      })
        let report = OverhangMetrics.report(regions: regions, ends: endRecords, voxelSize: vs, identification: identification,
                                            regionsByModel: !(segmenter is ClassicalOverhangSegmenter), details: details,
                                            minimumContrastToNoise: minimumContrastToNoise)
        return Result(report: report, sections: analysed)
    }

    /// How the measured ends reach the roll's turns (``EndCoverage``): the anode layers of
    /// every section against the ends measured, on the turns of `spiral`.
    static func endCoverage(_ sections: [(AngularSection, SectionLayers?)], anode: LayerFamily,
                            ends: [OverhangDetails.End], voxelSize: VoxelSize, spiral: SpiralTurns?) -> EndCoverage {
        EndCoverage(seen: anodeLayers(sections, anode: anode, voxelSize: voxelSize), measured: ends.map(\.position),
                    sections: sections.filter { $0.1 != nil }.count, spiral: spiral)
    }

    /// The roll's spiral (``SpiralTurns``) from the anode layers of every section, on the
    /// sections' median pitch; nil when no section showed layers.
    static func spiral(_ sections: [(AngularSection, SectionLayers?)], anode: LayerFamily,
                       voxelSize: VoxelSize) -> SpiralTurns? {
        guard let pitch = median(sections.compactMap { $0.1?.profile.pitch }) else { return nil }
        return SpiralTurns(anodeLayers(sections, anode: anode, voxelSize: voxelSize), pitchMM: pitch * voxelSize.x)
    }

    /// Where every section shows an anode layer (mm from the axis along the section).
    static func anodeLayers(_ sections: [(AngularSection, SectionLayers?)], anode: LayerFamily,
                            voxelSize: VoxelSize) -> [EndCoverage.Position] {
        sections.flatMap { section, layers in
            (layers?[anode].columns ?? []).map {
                EndCoverage.Position(radialMM: Double($0 - section.radius) * voxelSize.x, angleDegrees: section.angleDegrees)
            }
        }
    }

    /// Step 2b: negative ends whose anode is not an anode in the sections beside it
    /// (``AnodeContinuity``) are taken out of each section's `ends`; returns how many.
    static func dropUnconfirmedNegativeEnds(_ segmentations: inout [SectionSegmentation], layers: [SectionLayers?],
                                            sections: [AngularSection], anode: LayerFamily, wrapsAround: Bool) -> Int {
        let continuity = AnodeContinuity(
            anodePositions: zip(layers, sections).map { layers, section in
                layers.map { l in l[anode].columns.map { Double($0 - section.radius) } }
            },
            pitches: layers.map { $0?.profile.pitch }, wrapsAround: wrapsAround)
        var dropped = 0
        for i in segmentations.indices {
            let kept = segmentations[i].ends.filter { $0.overhangRows >= 0 || continuity.confirms($0.radialPosition, inSection: i) }
            dropped += segmentations[i].ends.count - kept.count
            segmentations[i].ends = kept
        }
        return dropped
    }

    /// The classical segmenter's layers of every section (steps 1–5, concurrently:
    /// sections are independent), in section order.
    func layers(of sections: [AngularSection]) async throws -> [SectionLayers?] {
        let classical = self.classical
        return try await withThrowingTaskGroup(of: (Int, SectionLayers?).self) { group in
            for (i, section) in sections.enumerated() {
                group.addTask { (i, classical.layers(of: section.image)) }
            }
            var out = [SectionLayers?](repeating: nil, count: sections.count)
            for try await (i, layers) in group { out[i] = layers }
            return out
        }
    }

    /// The lower median; nil when empty.
    static func median(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.sorted()[(values.count - 1) / 2]
    }

    /// The largest section half-width whose ends stay inside every slice for any angle.
    public static func defaultRadius(_ shape: VolumeShape, axis: AxisLine) -> Int {
        var r = Double.infinity
        for z in [0.0, Double(max(0, shape.depth - 1))] {
            let c = axis.point(atSlice: z)
            r = min(r, c.x, c.y, Double(shape.width - 1) - c.x, Double(shape.height - 1) - c.y)
        }
        return max(1, Int(r.rounded(.down)))
    }

    static func flipped(_ s: AngularSection) -> AngularSection {
        var image = s.image
        for r in 0..<image.height {
            for c in 0..<image.width { image[r, c] = s.image[image.height - 1 - r, c] }
        }
        return AngularSection(angleDegrees: s.angleDegrees, firstSlice: s.firstSlice, radius: s.radius, image: image)
    }

    /// Volume slice index (fractional) of a section row.
    static func slice(ofRow row: Double, in s: AngularSection, end: RollEnd, range: Range<Int>) -> Double {
        end == .top ? Double(range.lowerBound) + row : Double(range.upperBound - 1) - row
    }
}
