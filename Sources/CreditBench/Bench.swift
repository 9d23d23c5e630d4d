import CreditClient
import CreditNet
import CreditProtocol
import Foundation

/// `creditgate bench`: sets up, connects every connection (signed in when a user is given),
/// runs the workers on their own threads, and prints requests/s, latency percentiles, errors
/// and a final `RESULT` line in `lineload`'s format, so the two can be compared line by line.
public enum Bench {
    /// `creditgate bench`, for ``ClientTool``.
    public static let command = ToolExtension(
        spec: BenchOptions.spec, check: { command throws(RequestError) in _ = try BenchOptions(command) },
        run: { command, settings throws(RequestError) in run(try BenchOptions(command), settings: settings) })

    /// The run's results, merged over the workers.
    public struct Result: Sendable, Equatable {
        public var seconds: Double
        public var completed: UInt64
        public var errors: UInt64
        public var histogram: LatencyHistogram
        /// CHECK's latencies alone (empty for `--raw`).
        public var checks: LatencyHistogram

        public var operationsPerSecond: Double { seconds > 0 ? Double(completed) / seconds : 0 }

        /// `RESULT ops=… p50_us=… p99_us=… p999_us=… max_us=… errors=…`.
        public var resultLine: String {
            func micros(_ nanoseconds: UInt64) -> String { String(format: "%.1f", Double(nanoseconds) / 1000) }
            return "RESULT ops=\(String(format: "%.1f", operationsPerSecond))"
                + " p50_us=\(micros(histogram.percentile(50))) p99_us=\(micros(histogram.percentile(99)))"
                + " p999_us=\(micros(histogram.percentile(99.9))) max_us=\(micros(histogram.maximum)) errors=\(errors)"
        }
    }

    /// Runs the bench and returns the exit status: 0 when every reply came and none was an
    /// error, 1 when some were errors or none came, 2 when the server could not be reached.
    public static func run(_ options: BenchOptions, settings: ConnectionSettings) -> Int32 {
        do {
            let result = try measure(options, settings: settings)
            return result.errors == 0 && result.completed > 0 ? ExitCode.success : ExitCode.refused
        } catch {
            ClientTool.printError("creditgate bench: \(error)")
            return error.exitCode
        }
    }

    static func measure(_ options: BenchOptions, settings: ConnectionSettings) throws(ClientError) -> Result {
        let workload: BenchWorkload
        if let raw = options.raw {
            workload = .raw(RequestTemplate(raw))
        } else {
            if options.mix == .mixed && settings.user == nil {
                throw ClientError.configuration(
                    "--mix mixed writes payments and invoices: give --user (a clerk or above)")
            }
            let created = try BenchSetup.ensureCustomers(keyspace: options.keyspace, settings: settings)
            if created > 0 { print("created \(created) BENCH-<n> customers") }
            let run = UInt64(Syscall.wallClockSeconds()) * 1000 + Syscall.monotonicNanoseconds() / 1_000_000 % 1000
            workload = options.mix == .check ? .check : .mixed(run: run)
        }
        var workers: [BenchWorker] = []
        for index in 0..<options.threads {
            workers.append(
                try BenchWorker(
                    index: index, workload: workload, pipeline: options.pipeline,
                    keyspace: options.keyspace))
        }
        let handshake = settings.user.map { "AUTH \($0) \(settings.secret ?? "")" }
        for index in 0..<options.connections {
            try workers[index % options.threads].add(
                BenchConnection(
                    address: settings.address, timeout: settings.timeout, pipeline: options.pipeline,
                    handshake: handshake))
        }
        print(
            "creditgate bench: \(settings.address) connections=\(options.connections) pipeline=\(options.pipeline)"
                + " threads=\(options.threads) warmup=\(options.warmupSeconds)s duration=\(options.durationSeconds)s"
                + " keyspace=\(options.keyspace) "
                + (options.raw.map { "raw=\"\($0)\"" } ?? "mix=\(options.mix.rawValue)"))
        Syscall.flushStandardStreams()

        let start = Syscall.monotonicNanoseconds()
        let measureFrom = start + UInt64(options.warmupSeconds) * 1_000_000_000
        let end = measureFrom + UInt64(options.durationSeconds) * 1_000_000_000
        let finished = DispatchGroup()
        for worker in workers {
            finished.enter()
            let thread = Thread {
                worker.run(measureFrom: measureFrom, end: end)
                finished.leave()
            }
            thread.name = "bench-\(worker.index)"
            thread.start()
        }
        finished.wait()
        let stopped = Syscall.monotonicNanoseconds()

        var result = Result(
            seconds: Double(min(stopped, end) - min(measureFrom, stopped)) / 1e9,
            completed: 0, errors: 0, histogram: LatencyHistogram(), checks: LatencyHistogram())
        for worker in workers {
            result.histogram.merge(worker.histogram)
            result.checks.merge(worker.checks)
            result.completed += worker.completed
            result.errors += worker.errorReplies + worker.connectionErrors
        }
        report(result)
        return result
    }

    static func report(_ result: Result) {
        let histogram = result.histogram
        func micros(_ nanoseconds: UInt64) -> String { String(format: "%.1f", Double(nanoseconds) / 1000) }
        print(
            "requests: \(result.completed) in \(String(format: "%.2f", result.seconds))s = "
                + "\(String(format: "%.1f", result.operationsPerSecond)) req/s")
        func latencies(_ histogram: LatencyHistogram) -> String {
            "p50=\(micros(histogram.percentile(50))) p99=\(micros(histogram.percentile(99)))"
                + " p99.9=\(micros(histogram.percentile(99.9))) max=\(micros(histogram.maximum))"
        }
        print("latency us: " + latencies(histogram))
        // The mixed workload: CHECK's own percentiles, apart from the writes and desk reads beside it.
        if result.checks.count > 0, result.checks.count < histogram.count {
            print("CHECK latency us: " + latencies(result.checks) + " checks=\(result.checks.count)")
        }
        print("errors: \(result.errors)")
        print(result.resultLine)
        Syscall.flushStandardStreams()
    }
}
