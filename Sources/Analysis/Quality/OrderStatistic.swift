/// The k-th smallest value of an array without sorting it: quickselect (Hoare's
/// FIND) with a median-of-three pivot, expected O(n). Same value as `sorted()[k]`.
///
/// The quality gate takes medians of about a million ring differences per slice;
/// sorting them was a fifth of the gate's time (callgrind, Benchmarks/README.md).
enum OrderStatistic {
    /// Reorders `values` so that `values[k]` is the k-th smallest, everything before
    /// it ≤ it and everything after ≥ it, and returns it. Values must not be NaN.
    /// `within`: only that part is reordered, and k counts from the start of the
    /// array; after a first selection at k₁, the j-th smallest for j < k₁ lies in
    /// `0..<k₁`, so a second order statistic costs only that part.
    static func select(_ values: inout [Float], k: Int, within range: Range<Int>? = nil) -> Float {
        let range = range ?? values.indices
        precondition(range.contains(k) && range.upperBound <= values.count, "OrderStatistic.select: k out of range")
        return values.withUnsafeMutableBufferPointer { a in
            var lo = range.lowerBound, hi = range.upperBound - 1
            while lo < hi {
                let mid = lo + (hi - lo) / 2
                // Median of three as the pivot.
                if a[mid] < a[lo] { a.swapAt(mid, lo) }
                if a[hi] < a[lo] { a.swapAt(hi, lo) }
                if a[hi] < a[mid] { a.swapAt(hi, mid) }
                let pivot = a[mid]
                var i = lo, j = hi
                while i <= j {
                    while a[i] < pivot { i += 1 }
                    while pivot < a[j] { j -= 1 }
                    if i <= j { a.swapAt(i, j); i += 1; j -= 1 }
                }
                // Now a[lo...j] ≤ pivot ≤ a[i...hi], and a[j+1..<i] == pivot.
                if k <= j { hi = j } else if k >= i { lo = i } else { return a[k] }
            }
            return a[k]
        }
    }

    /// The upper median, `sorted()[count / 2]`, without sorting. `values` must not be empty.
    static func upperMedian(_ values: [Float]) -> Float {
        var copy = values
        return select(&copy, k: copy.count / 2)
    }
}
