import Foundation

/// Which header describes a raw volume, chosen by the file's extension.
///
/// A header path (`.nrrd`, `.nhdr`, `.mhd`, `.mha`, `.vgi`, `.xtekVolume`, `.pcr`)
/// is parsed as that format. A data path (`.vol`, `.raw`) is read through the
/// header of the same name beside it, looked for in this order: `.xtekVolume`,
/// `.pcr`, `.vgi`, `.mhd`, `.nhdr` (a Nikon export carries both a `.xtekVolume`
/// and a `.vgi`; the former is CT Pro's own). Extensions compare case-insensitively.
public enum RawVolumeHeaders {
    /// Header extensions (lower case) and their formats.
    public static let headerExtensions: [String: RawVolumeFormat] = [
        "nrrd": .nrrd, "nhdr": .nrrd, "mhd": .metaImage, "mha": .metaImage,
        "vgi": .volumeGraphicsVGI, "xtekvolume": .nikonXTekVolume, "pcr": .waygatePCR,
    ]
    /// Extensions of headerless data files.
    public static let dataExtensions: Set<String> = ["vol", "raw"]
    /// Companion headers of a data file, in the order they are looked for.
    static let companionOrder = ["xtekVolume", "pcr", "vgi", "mhd", "nhdr"]

    /// True for a path `RawVolume.open` takes (by extension only; nothing is read).
    public static func isRawVolumePath(_ path: String) -> Bool {
        let ext = (path as NSString).pathExtension.lowercased()
        return headerExtensions[ext] != nil || dataExtensions.contains(ext)
    }

    /// The layout declared by the header at (or, for `.vol`/`.raw`, beside) `path`.
    public static func layout(for path: String) throws(VolumeIOError) -> RawVolumeLayout {
        guard FileManager.default.fileExists(atPath: path) else { throw .notFound(path: path) }
        let ext = (path as NSString).pathExtension.lowercased()
        if let format = headerExtensions[ext] { return try parse(path, as: format) }
        guard dataExtensions.contains(ext) else {
            throw .unsupportedEncoding(path: path, declared: "file extension .\(ext)")
        }
        for companion in companionOrder {
            if let header = HeaderSupport.companion(of: path, withExtension: companion) {
                return try parse(header, as: headerExtensions[companion.lowercased()]!)
            }
        }
        let stem = (path as NSString).deletingPathExtension
        throw .noVolumeHeader(path: path, looked: companionOrder.map { (stem as NSString).lastPathComponent + "." + $0 })
    }

    static func parse(_ header: String, as format: RawVolumeFormat) throws(VolumeIOError) -> RawVolumeLayout {
        switch format {
        case .nrrd: try NRRDHeader(path: header).layout
        case .metaImage: try MetaImageHeader(path: header).layout
        case .nikonXTekVolume: try XTekVolumeHeader(path: header).layout
        case .waygatePCR: try PCRHeader(path: header).layout
        case .volumeGraphicsVGI: try VGIHeader(path: header).layout
        }
    }
}
