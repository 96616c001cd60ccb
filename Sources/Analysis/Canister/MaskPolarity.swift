import Imaging

/// Which side of a binary image is the can wall.
///
/// A 1-bit scan may arrive with either polarity: `ellipse_dent.tif` stores the wall as
/// bit 1 under `WhiteIsZero`, so a reader that applies the photometric interpretation
/// delivers the complement. Rule: the foreground is the side that does not touch the
/// image frame. If more than half of the frame pixels are `true`, the mask is inverted.
public struct MaskPolarity: Sendable, Codable, Equatable {
    public var inverted: Bool
    /// Fraction of the image frame (outermost rows and columns) that was `true` as given.
    public var frameForegroundFraction: Double

    public var description: String {
        inverted
            ? "inverted: \(Int((frameForegroundFraction * 100).rounded())) % of the image frame was foreground, so the wall is the other side"
            : "as given: foreground does not touch the image frame (\(Int((frameForegroundFraction * 100).rounded())) % of it)"
    }

    /// Decides the polarity and returns the mask with the wall as `true`.
    public static func resolve(_ mask: Mask) -> (mask: Mask, polarity: MaskPolarity) {
        let w = mask.width, h = mask.height
        guard w > 0, h > 0 else { return (mask, MaskPolarity(inverted: false, frameForegroundFraction: 0)) }
        var on = 0, total = 0
        for c in 0..<w {
            total += 1; if mask[0, c] { on += 1 }
            if h > 1 { total += 1; if mask[h - 1, c] { on += 1 } }
        }
        if h > 2 {
            for r in 1..<(h - 1) {
                total += 1; if mask[r, 0] { on += 1 }
                if w > 1 { total += 1; if mask[r, w - 1] { on += 1 } }
            }
        }
        let fraction = Double(on) / Double(total)
        let invert = fraction > 0.5
        return (invert ? mask.map { !$0 } : mask, MaskPolarity(inverted: invert, frameForegroundFraction: fraction))
    }
}
