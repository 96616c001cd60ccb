import Foundation
import Imaging

/// A diagnostic picture of one analysed slice, for a person to check the can
/// segmentation at a glance: the grey slice (min–max stretched) with the outer contour
/// (green), inner contour (cyan), the fitted ellipse (magenta, first RANSAC seed), its
/// centre, the thinnest wall point (yellow) and the deepest dent bin's direction (red ray).
public enum CanOverlay {
    public static func render(image: GrayImage, wall: CanWall, result: CanSliceResult) -> RGBImage {
        let lo = image.pixels.min() ?? 0, hi = image.pixels.max() ?? 1
        let scale = hi > lo ? 255 / (hi - lo) : 0
        var out = RGBImage(width: image.width, height: image.height,
                           pixels: image.pixels.map { RGB8(gray: UInt8(max(0, min(255, (($0 - lo) * scale).rounded())))) })
        func plot(_ r: Double, _ c: Double, _ colour: RGB8) {
            let ri = Int(r.rounded()), ci = Int(c.rounded())
            if out.contains(row: ri, col: ci) { out[ri, ci] = colour }
        }
        for i in 0..<wall.outerContour.count { plot(wall.outerContour.rows[i], wall.outerContour.cols[i], RGB8(0, 220, 0)) }
        for i in 0..<wall.innerContour.count { plot(wall.innerContour.rows[i], wall.innerContour.cols[i], RGB8(0, 200, 255)) }
        let ellipse = result.ransac.first?.ellipse ?? result.leastSquares.ellipse
        let steps = max(360, Int(2 * Double.pi * max(ellipse.a, ellipse.b)))
        for k in 0..<steps {
            let p = ellipse.point(at: 2 * Double.pi * Double(k) / Double(steps))
            plot(p.y, p.x, .magenta)
        }
        for d in -3...3 { plot(ellipse.yc, ellipse.xc + Double(d), .magenta); plot(ellipse.yc + Double(d), ellipse.xc, .magenta) }
        let angle = result.dentProfile.maxDentAngle
        let reach = ellipse.radius(atPolarAngle: angle)
        var t = 0.6 * reach
        while t < reach + 15 { plot(ellipse.yc + t * sin(angle), ellipse.xc + t * cos(angle), RGB8(255, 40, 40)); t += 0.5 }
        for dr in -2...2 { for dc in -2...2 { plot(Double(result.thickness.minRow + dr), Double(result.thickness.minCol + dc), RGB8(255, 230, 0)) } }
        return out
    }
}
