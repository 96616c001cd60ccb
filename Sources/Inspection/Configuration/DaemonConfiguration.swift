import Analysis
import Foundation
import Imaging

/// The daemon's settings, read from TOML (see config/cellqa.toml for every key):
/// ```toml
/// [folders]       export, results, database, tolerances (relative to this file)
/// [completion]    rule = "marker" | "slice_count" | "quiescence", marker,
///                 expected_slices, quiescence_seconds, stall_timeout_seconds
/// [inspection]    concurrency, default_format, folder_pattern
/// [analysis]      can_threshold, electrode_threshold, slice_step, slice_pitch_mm, pixel_size_mm,
///                 ransac_trials, ransac_seed, overhang_angle_step_deg, dent_bins
/// [quality]       min_snr, max_tilt_deg, max_cupping, max_edge_width_px, max_streak_index
/// ```
public struct DaemonConfiguration: Sendable, Codable, Equatable {
    /// Watched folder where the scanner exports scans.
    public var exportFolder: String
    /// Root of `results/<yyyy-mm-dd>/<scan-id>/`.
    public var resultsFolder: String
    /// SQLite database file.
    public var databasePath: String
    /// Folder of tolerance tables, one `<format>.toml` per cell format.
    public var tolerancesFolder: String
    public var completion: CompletionRule
    /// Scans inspected at the same time.
    public var concurrency: Int
    /// Cell format assumed when no sidecar or folder name says.
    public var defaultFormat: String?
    /// Regular expression with named groups `serial`/`format`, matched against the folder name.
    public var folderPattern: String?
    public var analysis: AnalysisParameters
    public var quality: QualityThresholds
    /// The file this was read from (not hashed).
    public var sourcePath: String?

    public init(exportFolder: String = "/var/lib/cellqa/export", resultsFolder: String = "/var/lib/cellqa/results",
                databasePath: String = "/var/lib/cellqa/cellqa.sqlite", tolerancesFolder: String = "/etc/cellqa/tolerances",
                completion: CompletionRule = CompletionRule(), concurrency: Int = 1, defaultFormat: String? = nil,
                folderPattern: String? = nil, analysis: AnalysisParameters = AnalysisParameters(),
                quality: QualityThresholds = QualityThresholds(), sourcePath: String? = nil) {
        self.exportFolder = exportFolder
        self.resultsFolder = resultsFolder
        self.databasePath = databasePath
        self.tolerancesFolder = tolerancesFolder
        self.completion = completion
        self.concurrency = concurrency
        self.defaultFormat = defaultFormat
        self.folderPattern = folderPattern
        self.analysis = analysis
        self.quality = quality
        self.sourcePath = sourcePath
    }

    /// SHA-256 of the canonical (sorted-key JSON) form of every setting, so the
    /// same settings give the same hash whatever the comments or key order.
    public var hash: String {
        var copy = self
        copy.sourcePath = nil
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(copy)) ?? Data()
        return SHA256.hex([UInt8](data))
    }

    /// How scan metadata is read under these settings.
    public var metadataReader: ScanMetadataReader {
        var defaults = ScanMetadata()
        if let format = defaultFormat { defaults.cellFormat = format; defaults.cellFormatSource = .configuration }
        if let mm = analysis.defaultPixelSizeMM {
            defaults.voxelSize = VoxelSize(isotropic: mm)
            defaults.voxelSizeSource = .configuration
        }
        return ScanMetadataReader(folderPattern: folderPattern, defaults: defaults, exportRoot: exportFolder)
    }

    enum CodingKeys: String, CodingKey {
        case exportFolder = "export", resultsFolder = "results", databasePath = "database", tolerancesFolder = "tolerances"
        case completion, concurrency, defaultFormat = "default_format", folderPattern = "folder_pattern"
        case analysis, quality, sourcePath = "source_path"
    }
}
