import Foundation

/// The one rule that names a scan (folders, database rows, the journal), used by
/// the daemon's detector and by `cellqa inspect` alike.
///
/// A scan directly in the export root whose name is already a plain, safe name
/// keeps it: `C0001` stays `C0001`, a multi-page `C0001.tif` is `C0001.tif` (its
/// extension kept, so it cannot share an id with a folder `C0001` beside it).
/// Every other scan — a name cleaning would change (`cell 42`, `...`, `-rf`), or
/// one in a sub-folder, whose name nothing keeps unique (`line1/cellZ`,
/// `line2/cellZ`) — is named by its cleaned name, `--`, and the first 10 hex
/// digits of the SHA-256 of its path relative to the export root:
/// `cell_42--3fa9c2d1e0`.
///
/// Why this cannot collide: a plain id never contains `--`, a hashed one always
/// ends in `--` and the hash, so the two kinds never meet; two hashed ids meet
/// only if two relative paths share 40 bits of SHA-256. It is a pure function of
/// the path, so it is the same after a restart, and no id starts with `-` or `.`.
///
/// Paths outside the export root (a manual `cellqa inspect` elsewhere) are named
/// relative to their own folder: by the same rule, as if they were in a root.
public enum ScanID {
    /// Hex digits of the path hash in a hashed id.
    public static let hashLength = 10
    /// Longest name kept as it is; longer names are shortened and hashed, so an
    /// id (plus a judgement suffix) stays a valid folder name.
    public static let maxPlainLength = 100

    /// The id of the scan at `path` (a folder or a file) in the export folder `root`.
    public static func make(path: String, exportRoot root: String?) -> String {
        let absolute = standardized(path)
        let name = URL(fileURLWithPath: absolute).lastPathComponent
        let relative = relativePath(of: absolute, root: root.map(standardized)) ?? name
        if !relative.contains("/"), isPlain(name) { return name }
        var prefix = cleaned(name)
        if prefix.count > maxPlainLength { prefix = String(prefix.prefix(maxPlainLength)) }
        return (prefix.isEmpty ? "scan" : prefix) + "--" + String(SHA256.hex(relative).prefix(hashLength))
    }

    /// True when `name` may be an id as it is: `[A-Za-z0-9._-]` only, not
    /// starting with `-` or `.`, no `--` (kept for hashed ids), not too long.
    public static func isPlain(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first != "-", first != ".",
              name.unicodeScalars.count <= maxPlainLength, !name.contains("--") else { return false }
        return name.unicodeScalars.allSatisfy(isSafe)
    }

    /// `name` with every character outside `[A-Za-z0-9._-]` replaced by `_`, and
    /// leading `-`/`.` and trailing `.` removed.
    static func cleaned(_ name: String) -> String {
        let safe = String(name.unicodeScalars.map { isSafe($0) ? Character($0) : "_" })
        let trimmedFront = safe.drop { $0 == "-" || $0 == "." }
        return String(trimmedFront.reversed().drop { $0 == "." }.reversed())
    }

    private static func isSafe(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar))
    }

    /// `path` below `root`, without the leading `/`; nil when it is not below it.
    static func relativePath(of path: String, root: String?) -> String? {
        guard let root, !root.isEmpty else { return nil }
        let base = root == "/" ? "/" : root + "/"
        guard path.hasPrefix(base), path.count > base.count else { return nil }
        return String(path.dropFirst(base.count))
    }

    private static func standardized(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
