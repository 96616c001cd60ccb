import Foundation

/// Builds the inspector the line runs, from the configuration: the one place
/// where analyses are wired in as stages (gate first, then can, winding,
/// overhang), shared by `inspect`, the daemon and the benchmark.
public enum StandardPipeline {
    public static func stages(_ configuration: DaemonConfiguration) -> [any InspectionStage] {
        [QualityGateStage(thresholds: configuration.quality), CanStage(), WindingStage(), OverhangStage()]
    }

    public static func inspector(_ configuration: DaemonConfiguration, tolerances: [String: ToleranceTable]) -> StandardInspector {
        StandardInspector(
            stages: stages(configuration),
            loader: TIFFVolumeLoader(defaultVoxelSize: configuration.analysis.defaultPixelSizeMM,
                                     exportRoot: configuration.exportFolder),
            metadataReader: configuration.metadataReader,
            tolerances: tolerances,
            quality: configuration.quality,
            parameters: configuration.analysis,
            configHash: configuration.hash)
    }
}
