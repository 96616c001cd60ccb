import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The timing of one benchmark stage, measured in its own process so that the
/// peak resident set (`ru_maxrss`) belongs to that stage alone.
struct StageTiming: Codable, Sendable {
    var name: String
    var group: String
    /// Wall-clock seconds of every repetition.
    var wallSeconds: [Double]
    /// Process CPU seconds (user + system, all threads) of every repetition.
    var cpuSeconds: [Double]
    /// Peak resident set of the stage's process, MiB (includes opening the input).
    var peakRSSMiB: Double
    var note: String
    /// A value derived from the stage's output, printed so a wrong result is visible.
    var check: String

    var wallMedian: Double { median(wallSeconds) }
    var cpuMedian: Double { median(cpuSeconds) }

    enum CodingKeys: String, CodingKey {
        case name, group, wallSeconds = "wall_s", cpuSeconds = "cpu_s", peakRSSMiB = "peak_rss_mib", note, check
        case wallMedian = "wall_median_s", cpuMedian = "cpu_median_s"
    }

    init(name: String, group: String, wallSeconds: [Double], cpuSeconds: [Double], peakRSSMiB: Double,
         note: String, check: String) {
        self.name = name; self.group = group; self.wallSeconds = wallSeconds; self.cpuSeconds = cpuSeconds
        self.peakRSSMiB = peakRSSMiB; self.note = note; self.check = check
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        group = try c.decode(String.self, forKey: .group)
        wallSeconds = try c.decode([Double].self, forKey: .wallSeconds)
        cpuSeconds = try c.decode([Double].self, forKey: .cpuSeconds)
        peakRSSMiB = try c.decode(Double.self, forKey: .peakRSSMiB)
        note = try c.decode(String.self, forKey: .note)
        check = try c.decode(String.self, forKey: .check)
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name); try c.encode(group, forKey: .group)
        try c.encode(wallSeconds, forKey: .wallSeconds); try c.encode(cpuSeconds, forKey: .cpuSeconds)
        try c.encode(wallMedian, forKey: .wallMedian); try c.encode(cpuMedian, forKey: .cpuMedian)
        try c.encode(peakRSSMiB, forKey: .peakRSSMiB); try c.encode(note, forKey: .note); try c.encode(check, forKey: .check)
    }
}

/// Median (mean of the two middle values for an even count); NaN when empty.
func median(_ values: [Double]) -> Double {
    let s = values.sorted()
    guard !s.isEmpty else { return .nan }
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

/// CPU seconds (user + system) this process has used so far, all threads.
func processCPUSeconds() -> Double {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    func s(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return s(u.ru_utime) + s(u.ru_stime)
}

/// Peak resident set of this process so far, MiB (Linux reports `ru_maxrss` in KiB).
func peakRSSMiB() -> Double {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    return Double(u.ru_maxrss) / 1024
}

/// Monotonic wall clock, seconds.
func wallClock() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

/// 1, 5 and 15 minute load averages (`getloadavg`).
func loadAverages() -> [Double] {
    var l = [Double](repeating: 0, count: 3)
    _ = getloadavg(&l, 3)
    return l
}

/// Runs `body` `repetitions` times, recording wall and CPU seconds of each run;
/// returns the timings and the check string of the last run.
func measure(repetitions: Int, prepare: () -> Void = {}, _ body: () async throws -> String) async rethrows
    -> (wall: [Double], cpu: [Double], check: String)
{
    var wall: [Double] = [], cpu: [Double] = [], check = ""
    for _ in 0..<max(1, repetitions) {
        prepare()
        let w0 = wallClock(), c0 = processCPUSeconds()
        check = try await body()
        wall.append(wallClock() - w0)
        cpu.append(processCPUSeconds() - c0)
    }
    return (wall, cpu, check)
}

/// One synchronous run of `body`: wall and CPU seconds.
func measureSync(_ body: () throws -> String) rethrows -> (wall: [Double], cpu: [Double], check: String) {
    let w0 = wallClock(), c0 = processCPUSeconds()
    let check = try body()
    return ([wallClock() - w0], [processCPUSeconds() - c0], check)
}
