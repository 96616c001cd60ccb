import Foundation

/// The images the daemon wrote, served from inside the results folder only.
/// A request names `<day or current>/<folder>/<file>`; each part must be a
/// plain name (no `..`, no `/`, no leading dot), and the file it resolves to,
/// symbolic links followed, must still lie inside the results folder, so a
/// link planted there that points elsewhere serves nothing.
struct ArtefactFiles: Sendable {
    var resultsFolder: String

    static let mediaTypes = ["png": "image/png", "svg": "image/svg+xml"]

    /// The file to serve and its media type, or nil: not there, not an image, or outside.
    func resolve(_ components: [String]) -> (path: String, mediaType: String)? {
        guard components.count == 3, components.allSatisfy(Self.isPlainName),
              let mediaType = Self.mediaTypes[(components[2] as NSString).pathExtension.lowercased()] else { return nil }
        let root = URL(fileURLWithPath: resultsFolder).resolvingSymlinksInPath().path
        let candidate = URL(fileURLWithPath: root).appendingPathComponent(components.joined(separator: "/"))
            .resolvingSymlinksInPath().path
        guard candidate.hasPrefix(root + "/") else { return nil }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: candidate, isDirectory: &isFolder), !isFolder.boolValue else { return nil }
        return (candidate, mediaType)
    }

    /// Letters, digits, `.`, `_`, `-`, not starting with a dot: scan ids, days, file names.
    static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".") && name.utf8.count <= 255
            && name.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) && $0.isASCII || "._-".unicodeScalars.contains($0) }
    }
}
