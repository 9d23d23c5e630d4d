/// Prometheus's text exposition format (version 0.0.4), written by hand: each family's HELP
/// and TYPE once, then its samples, label values escaped as the format asks.
struct PrometheusText {
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    private(set) var text = ""

    mutating func family(_ name: String, _ type: String, _ help: String) {
        text += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
    }

    mutating func sample(_ name: String, labels: KeyValuePairs<String, String> = [:], _ value: String) {
        text += name
        if !labels.isEmpty {
            text += "{" + labels.map { "\($0.key)=\"\(PrometheusText.escape($0.value))\"" }.joined(separator: ",") + "}"
        }
        text += " \(value)\n"
    }

    mutating func sample(_ name: String, labels: KeyValuePairs<String, String> = [:], _ value: some BinaryInteger) {
        sample(name, labels: labels, String(value))
    }

    mutating func sample(_ name: String, labels: KeyValuePairs<String, String> = [:], _ value: Double) {
        sample(name, labels: labels, PrometheusText.number(value))
    }

    /// A histogram family of cumulative buckets, `le` in seconds.
    mutating func histogram(
        _ name: String, _ help: String, buckets: [(le: Double, count: UInt64)], count: UInt64,
        sum: Double
    ) {
        family(name, "histogram", help)
        for bucket in buckets {
            sample(name + "_bucket", labels: ["le": PrometheusText.number(bucket.le)], bucket.count)
        }
        sample(name + "_bucket", labels: ["le": "+Inf"], count)
        sample(name + "_sum", sum)
        sample(name + "_count", count)
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }

    static func escape(_ value: String) -> String {
        var escaped = ""
        for character in value {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
