import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Publishes a folder all at once: its files are written into a hidden temporary
/// sibling, then the sibling takes the final name in one `rename`.
///
/// Replacing an existing folder uses `renameat2(RENAME_EXCHANGE)` where the
/// kernel has it (Linux ≥ 3.15; looked up at run time because Glibc's Swift
/// overlay does not export it): both folders swap in one atomic step, then the
/// old one is deleted. Elsewhere: rename the old folder aside, rename the new one
/// in, delete the old; `recover` undoes a crash between the two renames. Either
/// way a reader finds the old folder or the new one, never a mix.
public enum AtomicDirectory {
    /// Writes the folder `destination` with `files` (name → bytes).
    public static func publish(_ files: [(name: String, data: Data)], at destination: URL) throws {
        let fm = FileManager.default
        let parent = destination.deletingLastPathComponent()
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        try recover(destination)
        let staging = parent.appendingPathComponent(".\(destination.lastPathComponent).tmp-\(UUID().uuidString)")
        try fm.createDirectory(at: staging, withIntermediateDirectories: false)
        do {
            for file in files {
                try writeDurably(file.data, to: staging.appendingPathComponent(file.name))
            }
            syncDirectory(staging)
            try swapIn(staging, at: destination)
            syncDirectory(parent)
        } catch {
            try? fm.removeItem(at: staging)
            throw error
        }
    }

    /// Puts back a folder left aside by a crash in the fallback path, and removes
    /// abandoned staging folders of `destination`.
    public static func recover(_ destination: URL) throws {
        let fm = FileManager.default
        let parent = destination.deletingLastPathComponent()
        let name = destination.lastPathComponent
        guard let siblings = try? fm.contentsOfDirectory(atPath: parent.path) else { return }
        let aside = siblings.filter { $0.hasPrefix(".\(name).old-") }
        if !fm.fileExists(atPath: destination.path), let newest = aside.sorted().last {
            try fm.moveItem(at: parent.appendingPathComponent(newest), to: destination)
        }
        for leftover in siblings where leftover.hasPrefix(".\(name).tmp-") || leftover.hasPrefix(".\(name).old-") {
            try? fm.removeItem(at: parent.appendingPathComponent(leftover))
        }
    }

    private static func swapIn(_ staging: URL, at destination: URL) throws {
        let fm = FileManager.default
        if !fm.fileExists(atPath: destination.path) {
            try rename(staging, destination)
            return
        }
        if exchange(staging, destination) {
            try fm.removeItem(at: staging)  // now holds the old contents
            return
        }
        let aside = destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).old-\(UUID().uuidString)")
        try rename(destination, aside)
        try rename(staging, destination)
        try fm.removeItem(at: aside)
    }

    private static func rename(_ from: URL, _ to: URL) throws {
        guard Glibc.rename(from.path, to.path) == 0 else {
            throw ResultsFolderError.cannotRename(from: from.path, to: to.path, errno: errno)
        }
    }

    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32

    /// `renameat2(…, RENAME_EXCHANGE)`, if the C library provides it.
    private static let renameat2: RenameAt2? = {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: RenameAt2.self)
    }()

    private static func exchange(_ a: URL, _ b: URL) -> Bool {
        guard let renameat2 else { return false }
        let renameExchange: UInt32 = 1 << 1
        return renameat2(AT_FDCWD, a.path, AT_FDCWD, b.path, renameExchange) == 0
    }

    private static func writeDurably(_ data: Data, to url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: data) else {
            throw ResultsFolderError.cannotWrite(url.path)
        }
        let fd = open(url.path, O_RDONLY)
        if fd >= 0 { fsync(fd); close(fd) }
    }

    private static func syncDirectory(_ url: URL) {
        let fd = open(url.path, O_RDONLY | O_DIRECTORY)
        if fd >= 0 { fsync(fd); close(fd) }
    }
}

public enum ResultsFolderError: Error, CustomStringConvertible {
    case cannotWrite(String)
    case cannotRename(from: String, to: String, errno: Int32)

    public var description: String {
        switch self {
        case .cannotWrite(let path): return "cannot write \(path): check free space and permissions of the results folder"
        case .cannotRename(let from, let to, let code):
            return "cannot rename \(from) to \(to): \(String(cString: strerror(code))); check permissions of the results folder"
        }
    }
}
