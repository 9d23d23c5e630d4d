import Testing

@testable import CreditBench

@Suite struct LatencyHistogramTests {
    @Test func percentiles_WithinBucketPrecision() {
        var histogram = LatencyHistogram()
        for microsecond in 1...1000 { histogram.record(UInt64(microsecond) * 1000) }
        #expect(histogram.count == 1000)
        #expect(histogram.maximum == 1_000_000)
        for (percent, exact) in [(50.0, 500_000.0), (99.0, 990_000.0), (99.9, 999_000.0)] {
            let value = Double(histogram.percentile(percent))
            #expect(value >= exact && value <= exact * 1.016, "p\(percent) = \(value)")
        }
    }

    @Test func buckets_AreContiguousAndBoundsContainTheirValues() {
        for value: UInt64 in [0, 127, 128, 129, 255, 256, 1_000, 123_456_789, 1 << 40] {
            let index = LatencyHistogram.index(value)
            #expect(LatencyHistogram.upperBound(index) >= value)
            #expect(index == 0 || LatencyHistogram.upperBound(index - 1) < value)
        }
    }

    @Test func merge_AddsCountsAndKeepsExtremes() {
        var a = LatencyHistogram()
        var b = LatencyHistogram()
        a.record(100)
        b.record(5_000)
        a.merge(b)
        #expect(a.count == 2 && a.minimum == 100 && a.maximum == 5_000)
        #expect(LatencyHistogram().percentile(50) == 0)
    }
}
