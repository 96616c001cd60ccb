import Imaging

/// Overlay of overhang regions on a section, so a person can check the segmentation.
///
/// The section's grey values are stretched linearly from their 1st to 99th
/// percentile to 0…255; region pixels are drawn in one of six colours by label;
/// each measured cathode end is marked by a cyan pixel and each negative
/// overhang's anode end by a magenta one (rows as the section, outer face at row 0).
public enum OverhangOverlay {
    static let palette: [RGB8] = [RGB8(255, 64, 0), RGB8(255, 200, 0), RGB8(0, 200, 80),
                                  RGB8(0, 140, 255), RGB8(200, 80, 255), RGB8(255, 0, 120)]

    public static func render(_ section: OverhangAnalysis.Section) -> Image<RGB8> {
        let image = section.section.image
        let sorted = image.pixels.sorted()
        let lo = sorted[sorted.count / 100], hi = max(sorted[sorted.count * 99 / 100], lo + 1)
        var out = image.map { v -> RGB8 in
            let g = UInt8(max(0, min(255, (v - lo) / (hi - lo) * 255)))
            return RGB8(g, g, g)
        }
        for i in 0..<out.count where section.labels.pixels[i] > 0 {
            out.pixels[i] = palette[Int(section.labels.pixels[i]) % palette.count]
        }
        for e in section.ends {
            let col = Int((e.radialPosition + Double(section.section.radius)).rounded())
            let cr = Int(e.cathodeEndRow.rounded()), ar = Int(e.anodeEndRow.rounded())
            if out.contains(row: cr, col: col) { out[cr, col] = RGB8(0, 255, 255) }
            if e.overhangRows < 0, out.contains(row: ar, col: col) { out[ar, col] = RGB8(255, 0, 255) }
        }
        return out
    }
}
