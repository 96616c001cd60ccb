import Analysis
import Imaging

extension AnalysisParameters {
    /// The can wall level of a scan: `canThreshold` when set, else
    /// `CanThreshold.automatic(middleSliceOf:)`: where the can stage measures the
    /// wall's edges.
    func canLevel(_ volume: any SliceSource) throws -> Float {
        if let canThreshold { return Float(canThreshold) }
        return try CanThreshold.automatic(middleSliceOf: volume)
    }

    /// The level above which only the can lies, to take it out of the electrode
    /// mask: `canThreshold` when set, else `CanThreshold.Levels.separation`.
    func canSeparationLevel(_ volume: any SliceSource) throws -> Float {
        if let canThreshold { return Float(canThreshold) }
        return try CanThreshold.levels(middleSliceOf: volume).separation
    }
}
