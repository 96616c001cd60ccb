import CTIFF
import Foundation
import Imaging

/// Pixel size from a TIFF page's metadata.
///
/// Definitions followed: TIFF 6.0 `XResolution`/`YResolution` are pixels per
/// `ResolutionUnit` (2 = inch, 3 = centimetre; 1 = no absolute unit, ignored).
/// ImageJ instead writes unit 1 and names the unit in its `ImageDescription`
/// (`unit=micron`, `spacing=` for the z step), which is honoured too.
/// Without a z step, z = x (isotropic voxels), the common reconstruction output.
enum TIFFResolution {
    static func voxelSize(_ handle: TIFFHandle) -> VoxelSize? {
        let tif = handle.tif
        var xResolution: Float = 0, yResolution: Float = 0, unit: UInt16 = 0
        guard cellqa_tiff_get_float(tif, UInt32(TIFFTAG_XRESOLUTION), &xResolution) == 1,
              xResolution.isFinite, xResolution > 0 else { return nil }
        if cellqa_tiff_get_float(tif, UInt32(TIFFTAG_YRESOLUTION), &yResolution) != 1
            || !yResolution.isFinite || yResolution <= 0 {
            yResolution = xResolution
        }
        let hasUnit = cellqa_tiff_get_u16(tif, UInt32(TIFFTAG_RESOLUTIONUNIT), &unit) == 1

        var description: UnsafePointer<CChar>? = nil
        let imageJ = cellqa_tiff_get_string(tif, UInt32(TIFFTAG_IMAGEDESCRIPTION), &description) == 1
            ? description.map { ImageJDescription(String(cString: $0)) } ?? nil
            : nil

        let millimetresPerUnit: Double
        var zStep: Double? = nil
        if let imageJ, let mm = imageJ.millimetresPerUnit {
            millimetresPerUnit = mm
            zStep = imageJ.spacing.map { $0 * mm }
        } else if hasUnit, Int32(unit) == RESUNIT_INCH {
            millimetresPerUnit = 25.4
        } else if hasUnit, Int32(unit) == RESUNIT_CENTIMETER {
            millimetresPerUnit = 10
        } else {
            return nil
        }
        let x = millimetresPerUnit / Double(xResolution)
        let y = millimetresPerUnit / Double(yResolution)
        let z = zStep.flatMap { $0.isFinite && $0 > 0 ? $0 : nil } ?? x
        return VoxelSize(x: x, y: y, z: z)
    }
}

/// The `key=value` lines ImageJ writes into `ImageDescription`.
struct ImageJDescription {
    let unit: String?
    let spacing: Double?
    let images: Int?

    /// nil unless the text starts with "ImageJ=".
    init?(_ text: String) {
        guard text.hasPrefix("ImageJ=") else { return nil }
        var values: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
                .trimmingCharacters(in: .whitespaces)
        }
        unit = values["unit"].flatMap { $0.isEmpty ? nil : $0 }
        spacing = values["spacing"].flatMap(Double.init)
        images = values["images"].flatMap { Int($0) }
    }

    /// Length of ImageJ's unit in mm, for the units CT software writes.
    var millimetresPerUnit: Double? {
        switch unit?.lowercased() {
        case "mm", "millimeter", "millimetre": 1
        case "micron", "microns", "um", "µm", "\\u00b5m", "micrometer", "micrometre": 0.001
        case "nm", "nanometer", "nanometre": 1e-6
        case "cm", "centimeter", "centimetre": 10
        case "inch", "inches", "in": 25.4
        default: nil
        }
    }
}
