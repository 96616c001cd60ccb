import Analysis
import Imaging

extension AnalysisParameters {
    /// The can wall level of a scan: `canThreshold` when set, else
    /// `CanThreshold.automatic(middleSliceOf:)`. The can and winding stages
    /// both take it from here, so they segment the wall at the same level.
    func canLevel(_ volume: any SliceSource) throws -> Float {
        if let canThreshold { return Float(canThreshold) }
        return try CanThreshold.automatic(middleSliceOf: volume)
    }
}
