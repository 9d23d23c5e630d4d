import Testing

@testable import CreditServer

@Suite struct PrometheusTextTests {
    @Test func familiesSamplesAndEscapedLabels() {
        var text = PrometheusText()
        text.family("creditgate_requests_total", "counter", "Requests answered.")
        text.sample("creditgate_requests_total", labels: ["verb": "CHECK", "note": "a \"b\"\\\nc"], 12)
        text.sample("creditgate_up", 1.0)
        text.sample("creditgate_ratio", 0.25)
        #expect(
            text.text == """
                # HELP creditgate_requests_total Requests answered.
                # TYPE creditgate_requests_total counter
                creditgate_requests_total{verb="CHECK",note="a \\"b\\"\\\\\\nc"} 12
                creditgate_up 1
                creditgate_ratio 0.25

                """)
    }

    @Test func histogram_CumulativeBucketsThenSumAndCount() {
        var text = PrometheusText()
        text.histogram("lat_seconds", "Latency.", buckets: [(0.001, 3), (0.01, 5)], count: 6, sum: 0.5)
        #expect(
            text.text == """
                # HELP lat_seconds Latency.
                # TYPE lat_seconds histogram
                lat_seconds_bucket{le="0.001"} 3
                lat_seconds_bucket{le="0.01"} 5
                lat_seconds_bucket{le="+Inf"} 6
                lat_seconds_sum 0.5
                lat_seconds_count 6

                """)
    }
}
