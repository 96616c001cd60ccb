import Foundation
import Testing

/// The real example scans of the reference workflow, kept outside the repository
/// in `../shared/data/battery_xct_workflows` (never copied in).
///
/// Tests that need them carry the trait `SharedData.required`, so a clone without
/// `../shared` skips them with a clear message instead of failing.
public enum SharedData {
    /// `$CELLQA_SHARED_DATA` if set, else `<repo>/../shared/data/battery_xct_workflows`.
    public static let directory: URL = {
        if let override = ProcessInfo.processInfo.environment["CELLQA_SHARED_DATA"], !override.isEmpty {
            return URL(fileURLWithPath: override, isDirectory: true)
        }
        return repositoryRoot
            .deletingLastPathComponent()
            .appendingPathComponent("shared/data/battery_xct_workflows", isDirectory: true)
    }()

    /// The package root, found from this file's own path (Sources/CellQATestKit/…).
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    public static var isAvailable: Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent("cell_vol").path)
    }

    /// Skips the test, saying why, when the example data is absent.
    public static var required: ConditionTrait {
        .enabled(if: isAvailable,
                 "example data not found at ../shared/data/battery_xct_workflows (set CELLQA_SHARED_DATA); skipping")
    }

    public static func path(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }
}

