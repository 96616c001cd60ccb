#if canImport(Glibc)
import Glibc
#endif

/// How many slices to work on at once: one per core, as the kernels are
/// CPU-bound and each slice in flight holds its buffers in memory.
public func defaultSliceConcurrency() -> Int {
    #if canImport(Glibc)
    return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    #else
    return 2
    #endif
}

/// Runs `body` on every index, at most `maxConcurrent` at a time, and returns
/// the results in index order.
///
/// Bounded so that a 2,000-slice volume never has more than `maxConcurrent`
/// slices decoded at once: memory stays at a few slices whatever the depth.
public func concurrentMap<T: Sendable>(
    _ indices: [Int], maxConcurrent: Int = defaultSliceConcurrency(),
    _ body: @escaping @Sendable (Int) throws -> T
) async throws -> [T] {
    try await withThrowingTaskGroup(of: (Int, T).self) { group in
        var results = [T?](repeating: nil, count: indices.count)
        var next = 0
        func launch() {
            let position = next, index = indices[position]
            group.addTask { (position, try body(index)) }
            next += 1
        }
        while next < min(maxConcurrent, indices.count) { launch() }
        while let (position, value) = try await group.next() {
            results[position] = value
            if next < indices.count { launch() }
        }
        return results.map { $0! }
    }
}
