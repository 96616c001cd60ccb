import Imaging

/// Automatic grey level of the steel can, for scanners without a configured one.
///
/// A CT slice of a cell has three populations: air outside, electrodes and
/// separator inside, and the far denser steel can. Otsu on the whole slice
/// splits air from material; Otsu again on the material pixels splits the
/// electrodes from the steel. The level is midway between the air and steel
/// medians, the half-height of the can's edge, as the reference's `im > 100`
/// is on the example volume (air ≈ 5, steel ≈ 190): partial-volume edge pixels
/// then fall on the side they mostly belong to and diameters stay unbiased.
public enum CanThreshold {
    public static func automatic(_ image: GrayImage) -> Float {
        let airLevel = Threshold.otsu(image)
        let material = image.pixels.filter { $0 > airLevel }
        let air = image.pixels.filter { $0 <= airLevel }
        guard material.count > 16, !air.isEmpty else { return airLevel }
        let steelLevel = Threshold.otsu(GrayImage(width: material.count, height: 1, pixels: material))
        let steel = material.filter { $0 > steelLevel }
        guard !steel.isEmpty else { return steelLevel }
        return (median(air) + median(steel)) / 2
    }

    static func median(_ values: [Float]) -> Float {
        var v = values
        let mid = v.count / 2
        v.withUnsafeMutableBufferPointer { buffer in
            buffer.sort()  // a few hundred thousand values at most: once per scan
        }
        return v[mid]
    }
}
