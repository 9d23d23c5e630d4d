/// A small fixed histogram of durations (powers of two of nanoseconds), for
/// p50/p99 in INFO and the metrics' histogram without keeping every sample.
public struct LatencyRecorder: Sendable {
    private var buckets = [UInt64](repeating: 0, count: 64)
    public private(set) var count: UInt64 = 0
    public private(set) var sumNanoseconds: UInt64 = 0

    public init() {}

    public mutating func record(nanoseconds: UInt64) {
        let bucket = nanoseconds == 0 ? 0 : 64 - nanoseconds.leadingZeroBitCount
        buckets[min(bucket, 63)] += 1
        count += 1
        sumNanoseconds &+= nanoseconds
    }

    /// How many samples took less than 2^`bucket` ns, for `bucket` in `range`.
    public func cumulativeCounts(_ range: ClosedRange<Int>) -> [(bucket: Int, count: UInt64)] {
        var seen = buckets[..<range.lowerBound].reduce(0, +)
        return range.map { bucket in
            seen += buckets[bucket]
            return (bucket, seen)
        }
    }

    /// The upper bound of the bucket holding the `quantile` sample, in microseconds.
    public func percentile(_ quantile: Double) -> UInt64 {
        guard count > 0 else { return 0 }
        let rank = UInt64((Double(count) * quantile).rounded(.up))
        var seen: UInt64 = 0
        for (bucket, samples) in buckets.enumerated() {
            seen += samples
            if seen >= max(rank, 1) { return bucket == 0 ? 0 : (UInt64(1) << UInt64(bucket)) / 1000 }
        }
        return 0
    }
}
