import Imaging

/// Which layer family carries a copper current-collector foil: the anode's 8–12 µm
/// copper is a thin line at the layer's centre, brighter than anything but the can;
/// the cathode's aluminium foil is about as dense as its coating and shows no line.
///
/// Per layer of a section's body profile `P` (``LayerProfile``), centred at column `c`:
/// - the **coating** is the median of `P[c − 2 … c + 2]`: a foil covers one or two of
///   those five pixels, so the median is the coating's level;
/// - the layer is **resolved** when `P[c − 2]` and `P[c + 2]` lie on a flat coating:
///   within 3 standard errors below the coating's level (see below). That takes layers
///   at least 5 px thick (0.24 mm at 0.04 mm) and a sharp image: a 4 px layer, or any
///   layer blurred by a pixel, has its ±2 pixels on the shoulders and a rounded top
///   that would read as a line. There the foil is blurred into its coating and no cue
///   is read;
/// - the **line** is the largest of `P[c − 1 … c + 1]`; the layer **shows a copper
///   line** when the line stands above its coating by at least 3 standard errors of
///   `P` (`σ/√rows`, `σ` the pixel noise pooled over the body rows down each column,
///   where the layers run straight). Not "above the other family" as well: a 10 µm
///   foil lying across two 40 µm pixels lifts each by an eighth of its contrast only,
///   below the cathode next to it on half the layers of the cathode-brighter phantom.
/// Over the cell, a family carries the foil when at least ⅔ of its resolved layers
/// show a line (with the lower bound of its 95 % Wilson interval above ½, as in
/// ``AnodeIdentification``) and fewer than ⅓ of the other family's do; that share is
/// the confidence.
public struct CopperFoilCue: Sendable, Codable, Equatable {
    /// Layers of one family: how many were resolved, how many of those showed a line.
    public struct Tally: Sendable, Codable, Equatable {
        public var resolved = 0
        public var withLine = 0

        var share: Double? { resolved > 0 ? Double(withLine) / Double(resolved) : nil }

        static func + (a: Tally, b: Tally) -> Tally {
            Tally(resolved: a.resolved + b.resolved, withLine: a.withLine + b.withLine)
        }
    }

    public var brighter: Tally
    public var dimmer: Tally
    /// The family carrying the copper foil; nil when the cue does not decide.
    public var anode: LayerFamily?
    /// The carrying family's share of resolved layers showing the line.
    public var confidence: Double?

    init(brighter: Tally, dimmer: Tally) {
        self.brighter = brighter
        self.dimmer = dimmer
        let majority = AnodeIdentification.majority
        // As for the overhangs, a share is evidence only when its Wilson lower bound
        // is above ½ too: one resolved layer of one showing a line is not.
        func carries(_ a: Tally, against b: Tally) -> Bool {
            let share = a.share ?? 0
            return share >= majority && AnodeIdentification.wilsonLowerBound(share, a.resolved) > 0.5
                && (b.share ?? 0) < 1 - majority
        }
        if carries(dimmer, against: brighter) {
            anode = .dimmer; confidence = dimmer.share
        } else if carries(brighter, against: dimmer) {
            anode = .brighter; confidence = brighter.share
        } else {
            anode = nil; confidence = nil
        }
    }

    /// The cue over many sections.
    init(_ sections: [SectionTally]) {
        self.init(brighter: sections.map(\.brighter).reduce(Tally(), +),
                  dimmer: sections.map(\.dimmer).reduce(Tally(), +))
    }

    var summary: String {
        func text(_ t: Tally, _ f: LayerFamily) -> String {
            t.resolved == 0 ? "no \(f.rawValue) layer sharp and thick enough to resolve a foil"
                : "\(t.withLine) of \(t.resolved) \(f.rawValue) layers show a copper line"
        }
        return "copper foil cue: \(text(brighter, .brighter)), \(text(dimmer, .dimmer))"
            + (anode.map { " → \($0.rawValue)" } ?? " → undecided")
    }

    /// One section's tallies.
    struct SectionTally: Sendable {
        var brighter = Tally()
        var dimmer = Tally()

        init(profile p: LayerProfile, image: GrayImage, rows: Range<Int>) {
            let se = Self.pixelNoise(image, rows: rows) / Float(rows.count).squareRoot()
            brighter = Self.tally(p.values, layers: p.brighter, separator: p.separatorLevel, se: se)
            dimmer = Self.tally(p.values, layers: p.dimmer, separator: p.separatorLevel, se: se)
        }

        static func tally(_ profile: [Float], layers: [Int], separator: Float, se: Float) -> Tally {
            var t = Tally()
            for c in layers where c - 2 >= 0 && c + 2 < profile.count {
                let coating = LayerProfile.median(Array(profile[(c - 2)...(c + 2)]))
                let flat = coating - 3 * se
                guard coating > separator, profile[c - 2] >= flat, profile[c + 2] >= flat else { continue }
                t.resolved += 1
                let line = profile[(c - 1)...(c + 1)].max()!
                if line - coating >= 3 * se { t.withLine += 1 }
            }
            return t
        }

        /// Pixel noise σ: the root mean of each column's sample variance over `rows`.
        static func pixelNoise(_ image: GrayImage, rows: Range<Int>) -> Float {
            guard rows.count > 1 else { return 0 }
            var sum: Double = 0
            for c in 0..<image.width {
                let v = rows.map { Double(image[$0, c]) }
                let m = v.reduce(0, +) / Double(v.count)
                sum += v.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(v.count - 1)
            }
            return Float((sum / Double(image.width)).squareRoot())
        }
    }
}
