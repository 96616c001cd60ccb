import Logging

/// The structured fields of one journal entry, as a pure function of a log call,
/// so their formatting is testable without a journal.
///
/// Metadata keys map to `CELLQA_<KEY>` (upper-cased, other characters `_`), so
/// `scan_id` → `CELLQA_SCAN_ID`, `serial` → `CELLQA_SERIAL`, `verdict` →
/// `CELLQA_VERDICT`, `metric` → `CELLQA_METRIC`, `reason_code` → `CELLQA_REASON_CODE`
/// (the stable code of the first reason, `InspectionRecord.reasonCodes`);
/// `journalctl CELLQA_VERDICT=FAIL` then lists the rejects, `journalctl
/// CELLQA_REASON_CODE=quality.tilt_deg` the scans to remount. PRIORITY follows the verdict when one is attached
/// (PASS info 6, FAIL notice 5, INVALID warning 4, ERROR err 3), else the log level.
public enum JournalFields {
    public static func make(level: Logger.Level, message: String, metadata: Logger.Metadata,
                            label: String, file: String, function: String, line: UInt) -> [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = [
            ("MESSAGE", message),
            ("PRIORITY", String(priority(level: level, verdict: metadata["verdict"].map { "\($0)" }))),
            ("SYSLOG_IDENTIFIER", "cellqa"),
            ("CELLQA_LOGGER", label),
            ("CODE_FILE", file),
            ("CODE_LINE", String(line)),
            ("CODE_FUNC", function),
        ]
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            fields.append((fieldName(forMetadataKey: key), "\(value)"))
        }
        return fields
    }

    /// syslog priority: 3 err, 4 warning, 5 notice, 6 info, 7 debug.
    public static func priority(level: Logger.Level, verdict: String?) -> Int {
        switch verdict {
        case "PASS": return 6
        case "FAIL": return 5
        case "INVALID": return 4
        case "ERROR": return 3
        default: break
        }
        switch level {
        case .trace, .debug: return 7
        case .info: return 6
        case .notice: return 5
        case .warning: return 4
        case .error: return 3
        case .critical: return 2
        }
    }

    /// `CELLQA_` + the key upper-cased, characters outside `[A-Z0-9_]` as `_`
    /// (journal field names allow nothing else).
    public static func fieldName(forMetadataKey key: String) -> String {
        let cleaned = key.uppercased().unicodeScalars.map { scalar -> Character in
            (("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_") ? Character(scalar) : "_"
        }
        return "CELLQA_" + String(cleaned)
    }

    /// `NAME=value` byte strings, one per iovec of sd_journal_sendv (values may
    /// hold newlines; the journal protocol keeps them).
    public static func encode(_ fields: [(name: String, value: String)]) -> [[UInt8]] {
        fields.map { Array(($0.name + "=" + $0.value).utf8) }
    }
}
