import CreditClient
import CreditProtocol

/// The settings of one `creditgate bench` run, checked once so the hot loop trusts them.
public struct BenchOptions: Sendable, Equatable {
    public enum Mix: String, Sendable, Equatable {
        /// Only CHECK: the warehouse's question.
        case check
        /// 90% CHECK, 4% PAY, 4% INVOICE with unique refs and ids, 2% STATUS: the terminals' question
        /// with journaled writes and desk reads.
        case mixed
    }

    public var connections = 50
    public var pipeline = 1
    public var durationSeconds = 10
    public var warmupSeconds = 1
    public var keyspace = 100_000
    public var mix = Mix.check
    /// A fixed request line with `{k}` standing for a random key; no setup, any line protocol.
    public var raw: String?
    public var threads = 1

    public init() {}

    /// Reads the bench's options; out-of-range values are usage errors.
    init(_ command: ParsedCommand) throws(RequestError) {
        connections = command.integer("connections") ?? connections
        pipeline = command.integer("pipeline") ?? pipeline
        durationSeconds = command.integer("duration") ?? durationSeconds
        warmupSeconds = command.integer("warmup") ?? warmupSeconds
        keyspace = command.integer("keyspace") ?? keyspace
        threads = command.integer("threads") ?? threads
        raw = command.option("raw")
        guard let mix = Mix(rawValue: command.option("mix") ?? "check") else {
            throw RequestError("The value '\(command.option("mix") ?? "")' is invalid for '--mix <check|mixed>'")
        }
        self.mix = mix
        for (name, value, range) in [
            ("-c", connections, 1...100_000), ("-P", pipeline, 1...100_000),
            ("-d", durationSeconds, 1...86_400), ("-w", warmupSeconds, 0...3_600),
            ("-k", keyspace, 1...1_000_000_000), ("-T", threads, 1...256),
        ]
        where !range.contains(value) {
            throw RequestError(
                "The value '\(value)' for '\(name)' must be in \(range.lowerBound)...\(range.upperBound)")
        }
        if let raw { try RequestBuilder.checkRawLine(raw) }
        threads = min(threads, connections)
    }

    static let spec = CommandSpec(
        name: "bench",
        abstract: "Measures the server in the manner of redis-benchmark: many connections driven by a few "
            + "epoll threads, latency from a histogram, a final RESULT line. Creates BENCH-<n> customers "
            + "first when they are missing (needs --user, a clerk or above), unless --raw.",
        options: [
            OptionSpec(
                "connections", short: "c", valueName: "n", help: "Connections.", defaultValue: "50", kind: .integer),
            OptionSpec(
                "pipeline", short: "P", valueName: "depth", help: "Requests in flight per connection.",
                defaultValue: "1", kind: .integer),
            OptionSpec(
                "duration", short: "d", valueName: "seconds", help: "Measured time.", defaultValue: "10",
                kind: .integer),
            OptionSpec(
                "warmup", short: "w", valueName: "seconds", help: "Time before measuring, not counted.",
                defaultValue: "1", kind: .integer),
            OptionSpec(
                "keyspace", short: "k", valueName: "n", help: "Random keys 0..<n (BENCH-<n> customers).",
                defaultValue: "100000", kind: .integer),
            OptionSpec(
                "mix", valueName: "check|mixed",
                help: "check: only CHECK; mixed: 90% CHECK, 4% PAY, "
                    + "4% INVOICE, 2% STATUS (needs --user, a clerk or above); "
                    + "CHECK's latency is also reported apart.", defaultValue: "check"),
            OptionSpec(
                "raw", valueName: "line",
                help: "Send this line instead, {k} a random key; e.g. --port 6379 "
                    + "--raw \"EXISTS key:{k}\" drives Redis. Replies starting ERR or - count as errors."),
            OptionSpec(
                "threads", short: "T", valueName: "n", help: "Client threads, each an epoll loop.",
                defaultValue: "1", kind: .integer),
        ])
}
