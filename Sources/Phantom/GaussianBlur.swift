import Foundation
import Imaging

/// Separable Gaussian blur, kernel radius `ceil(4σ)`, edges replicated
/// (as `scipy.ndimage.gaussian_filter(mode="nearest")`). Models the scanner's
/// in-plane point-spread function for sharpness tests.
enum GaussianBlur {
    static func apply(_ image: GrayImage, sigma: Double) -> GrayImage {
        let radius = Int((4 * sigma).rounded(.up))
        var kernel = (-radius ... radius).map { Float(exp(-0.5 * Double($0 * $0) / (sigma * sigma))) }
        let sum = kernel.reduce(0, +)
        kernel = kernel.map { $0 / sum }
        let w = image.width, h = image.height
        var tmp = [Float](repeating: 0, count: w * h)
        var out = [Float](repeating: 0, count: w * h)
        image.pixels.withUnsafeBufferPointer { src in
            tmp.withUnsafeMutableBufferPointer { dst in
                for row in 0 ..< h {
                    let base = row * w
                    for col in 0 ..< w {
                        var acc: Float = 0
                        for k in -radius ... radius {
                            acc += kernel[k + radius] * src[base + min(w - 1, max(0, col + k))]
                        }
                        dst[base + col] = acc
                    }
                }
            }
        }
        tmp.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for row in 0 ..< h {
                    for col in 0 ..< w {
                        var acc: Float = 0
                        for k in -radius ... radius {
                            acc += kernel[k + radius] * src[min(h - 1, max(0, row + k)) * w + col]
                        }
                        dst[row * w + col] = acc
                    }
                }
            }
        }
        return GrayImage(width: w, height: h, pixels: out)
    }
}
