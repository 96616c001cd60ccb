import Inspection

/// How a record reads on a terminal: verdict and scan first, then reasons,
/// near-limit metrics, timings and where it was written.
enum RecordText {
    static func summary(_ record: InspectionRecord, written: [String]) -> String {
        var lines = ["\(record.verdict.rawValue)  \(record.scan.id)  (serial \(record.scan.metadata.serial ?? "?"), format \(record.scan.metadata.cellFormat ?? "?"))"]
        let m = record.scan.metadata
        if let shape = m.volumeShape {
            let voxel = m.voxelSize.map { " of \(Formatting.number($0.x))×\(Formatting.number($0.y))×\(Formatting.number($0.z)) mm (\(m.voxelSizeSource?.rawValue ?? "?"))" } ?? ""
            lines.append("  volume: \(shape.depth) slices of \(shape.width)×\(shape.height), \(m.sampleFormat ?? "?")\(voxel)")
        }
        for reason in record.reasons { lines.append("  \(reason)") }
        for m in record.nearLimitMetrics where m.pass == true {
            lines.append("  near limit: \(m.metric) = \(Formatting.quantity(m.value, unit: m.unit)), limits \(m.limitText)")
        }
        let timings = record.stages.map { "\($0.name) \(Formatting.number($0.seconds)) s" }.joined(separator: ", ")
        lines.append("  \(record.metrics.count) metrics; \(timings.isEmpty ? "no stages" : timings); total \(Formatting.number(record.totalSeconds)) s")
        for path in written { lines.append("  written: \(path)") }
        return lines.joined(separator: "\n")
    }
}
