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

    /// Writes a new folder in `parent` named `name(1)`, else `name(2)`… (the first
    /// name nothing holds yet) and returns it: an earlier folder is never replaced,
    /// even by a concurrent writer (`renameat2(RENAME_NOREPLACE)` where the kernel
    /// has it).
    public static func publishNew(_ files: [(name: String, data: Data)], in parent: URL,
                                  named name: (Int) -> String) throws -> URL {
        let fm = FileManager.default
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        // Before staging: `recover` removes the staging leftovers of its name.
        var n = 1
        while true {
            let candidate = parent.appendingPathComponent(name(n))
            try recover(candidate)
            guard fm.fileExists(atPath: candidate.path) else { break }
            n += 1
        }
        let staging = parent.appendingPathComponent(".\(name(1)).tmp-\(UUID().uuidString)")
        try fm.createDirectory(at: staging, withIntermediateDirectories: false)
        do {
            for file in files {
                try writeDurably(file.data, to: staging.appendingPathComponent(file.name))
            }
            syncDirectory(staging)
            for attempt in n..<(n + 1000) {
                let destination = parent.appendingPathComponent(name(attempt))
                if fm.fileExists(atPath: destination.path) { continue }
                if try renameNoReplace(staging, destination) {
                    syncDirectory(parent)
                    return destination
                }
            }
            throw ResultsFolderError.cannotWrite(parent.appendingPathComponent(name(n)).path)
        } catch {
            try? fm.removeItem(at: staging)
            throw error
        }
    }

    /// Renames `from` to `to` unless `to` exists; false when it does.
    private static func renameNoReplace(_ from: URL, _ to: URL) throws -> Bool {
        let renameNoReplace: UInt32 = 1 << 0
        if let renameat2 {
            if renameat2(AT_FDCWD, from.path, AT_FDCWD, to.path, renameNoReplace) == 0 { return true }
            if errno == EEXIST || errno == ENOTEMPTY { return false }
            guard errno == EINVAL || errno == ENOSYS else {
                throw ResultsFolderError.cannotRename(from: from.path, to: to.path, errno: errno)
            }
        }
        // No RENAME_NOREPLACE here: rename(2) still refuses a non-empty folder.
        if Glibc.rename(from.path, to.path) == 0 { return true }
        if errno == EEXIST || errno == ENOTEMPTY { return false }
        throw ResultsFolderError.cannotRename(from: from.path, to: to.path, errno: errno)
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

    static func writeDurably(_ data: Data, to url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: data) else {
            throw ResultsFolderError.cannotWrite(url.path)
        }
        let fd = open(url.path, O_RDONLY)
        if fd >= 0 { fsync(fd); close(fd) }
    }

    static func syncDirectory(_ url: URL) {
        let fd = open(url.path, O_RDONLY | O_DIRECTORY)
        if fd >= 0 { fsync(fd); close(fd) }
    }
}

public enum ResultsFolderError: Error, CustomStringConvertible {
    case cannotWrite(String)
    case cannotRename(from: String, to: String, errno: Int32)
    case cannotLink(String, errno: Int32)

    public var description: String {
        switch self {
        case .cannotWrite(let path): return "cannot write \(path): check free space and permissions of the results folder"
        case .cannotRename(let from, let to, let code):
            return "cannot rename \(from) to \(to): \(String(cString: strerror(code))); check permissions of the results folder"
        case .cannotLink(let path, let code):
            return "cannot make the link \(path): \(String(cString: strerror(code))); check permissions of the results folder"
        }
    }
}
