/// Latencies in nanoseconds, in the buckets of HdrHistogram and `lineload`: exact below 128 ns,
/// then 64 linear sub-buckets per power of two (at most 1.6% high). Fixed size, so recording
/// never allocates and a 10-second run at a million requests a second costs 30 KiB, not a
/// sorted array of every sample. Owned by one thread; merged after the threads are joined.
public struct LatencyHistogram: Sendable, Equatable {
    static let bucketCount = 128 + 57 * 64

    private var buckets = [UInt64](repeating: 0, count: bucketCount)
    public private(set) var count: UInt64 = 0
    public private(set) var maximum: UInt64 = 0
    public private(set) var minimum: UInt64 = .max

    public init() {}

    @inline(__always)
    public mutating func record(_ nanoseconds: UInt64) {
        buckets[Self.index(nanoseconds)] &+= 1
        count &+= 1
        if nanoseconds > maximum { maximum = nanoseconds }
        if nanoseconds < minimum { minimum = nanoseconds }
    }

    public mutating func merge(_ other: LatencyHistogram) {
        for index in 0..<Self.bucketCount { buckets[index] &+= other.buckets[index] }
        count &+= other.count
        maximum = max(maximum, other.maximum)
        minimum = min(minimum, other.minimum)
    }

    /// The latency below which `percent` of the samples fall: the upper bound of the bucket
    /// holding that rank, clamped to the exact minimum and maximum. 0 when empty.
    public func percentile(_ percent: Double) -> UInt64 {
        guard count > 0 else { return 0 }
        let rank = max(1, UInt64((percent / 100 * Double(count)).rounded(.up)))
        var seen: UInt64 = 0
        for index in 0..<Self.bucketCount {
            seen += buckets[index]
            if seen >= rank { return min(max(Self.upperBound(index), minimum), maximum) }
        }
        return maximum
    }

    @inline(__always)
    static func index(_ value: UInt64) -> Int {
        if value < 128 { return Int(value) }
        let exponent = 63 - value.leadingZeroBitCount
        return 128 + (exponent - 7) * 64 + Int((value >> UInt64(exponent - 6)) - 64)
    }

    static func upperBound(_ index: Int) -> UInt64 {
        if index < 128 { return UInt64(index) }
        let exponent = (index - 128) / 64 + 7
        let sub = UInt64((index - 128) % 64)
        return ((64 + sub + 1) << UInt64(exponent - 6)) - 1
    }
}
