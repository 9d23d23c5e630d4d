import CreditNet
import Foundation
import Testing

/// `--metrics`: Prometheus's text format on `GET /metrics`, checked by counting what the test
/// itself did, by `promtool check metrics`, and by a real Prometheus scraping the server.
@Suite struct MetricsTests {
    static let promtool = "/usr/bin/promtool"
    static let prometheus = "/usr/bin/prometheus"

    /// The metrics port the server logged.
    static func metricsPort(of server: ServerProcess) throws -> UInt16 {
        var port: UInt16?
        try ServerProcess.waitUntil("the metrics address is logged") {
            guard let range = server.newLog().range(of: "metrics on http://127.0.0.1:") else { return false }
            port = UInt16(server.newLog()[range.upperBound...].prefix { $0.isNumber })
            return port != nil
        }
        return port!
    }

    /// One HTTP exchange: the status line and the body's lines (the server closes after it;
    /// read to the end, as a body need not end with a newline).
    static func get(_ port: UInt16, _ request: String) throws -> (status: String, body: [String]) {
        let fd = try Socket.connect(to: SocketAddress(host: "127.0.0.1", port: port), timeout: .seconds(10))
        defer { Syscall.close(fd) }
        var bytes = Array(request.utf8)
        try Syscall.writeAll(fd, from: &bytes, count: bytes.count)
        var response: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while case .transferred(let count) = try Syscall.read(fd, into: &chunk, count: chunk.count) {
            response += chunk[..<count]
        }
        let text = String(decoding: response, as: UTF8.self)
        guard let blank = text.range(of: "\r\n\r\n") else {
            throw TestFailure("no end of the response head in \(text)")
        }
        let head = text[..<blank.lowerBound]
        let status = String(head[..<(head.range(of: "\r\n")?.lowerBound ?? head.endIndex)])
        let body = text[blank.upperBound...].split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return (status, body.last == "" ? body.dropLast() : body)
    }

    static func scrape(_ port: UInt16) throws -> [String] {
        let (status, body) = try get(port, "GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n")
        #expect(status == "HTTP/1.1 200 OK")
        return body
    }

    /// The value of one sample line (`name{labels} value`).
    static func value(_ sample: String, in body: [String]) -> String? {
        body.first { $0.hasPrefix(sample + " ") }.map { String($0.dropFirst(sample.count + 1)) }
    }

    @Test func scrape_CountsChecksByAnswerAndReason_AndRequestsByVerb() throws {
        let server = try ServerProcess(["--demo", "--metrics", "127.0.0.1:0"])
        let port = try Self.metricsPort(of: server)
        let before = try Self.scrape(port)
        let client = try server.connect()
        try client.expect("CHECK C1001 100", startsWith: "OK C1001 ")
        try client.expect("CHECK C1002 500", startsWith: "HOLD C1002 reasons=OVER_LIMIT ")
        try client.expect("CHECK C1005", startsWith: "HOLD C1005 reasons=MANUAL ")
        try client.expect("CHECK C1005", startsWith: "HOLD C1005 reasons=MANUAL ")
        try client.expect("NOPE", startsWith: "ERR UNKNOWN_VERB ")
        let after = try Self.scrape(port)

        func delta(_ sample: String) -> Int? {
            guard let old = Self.value(sample, in: before).flatMap({ Int($0) }),
                let new = Self.value(sample, in: after).flatMap({ Int($0) })
            else { return nil }
            return new - old
        }
        #expect(delta(#"creditgate_checks_total{answer="ok"}"#) == 1)
        #expect(delta(#"creditgate_checks_total{answer="hold"}"#) == 3)
        #expect(delta(#"creditgate_check_holds_total{reason="MANUAL"}"#) == 2)
        #expect(delta(#"creditgate_check_holds_total{reason="OVER_LIMIT"}"#) == 1)
        #expect(delta(#"creditgate_check_holds_total{reason="OVERDUE"}"#) == 0)
        #expect(delta(#"creditgate_requests_total{verb="CHECK",access="read"}"#) == 4)
        #expect(delta("creditgate_errors_total") == 1)
        #expect(Self.value("creditgate_connections", in: after) == "1")
        #expect(Self.value("creditgate_customers", in: after) == "5")
        #expect(Self.value("creditgate_writable", in: after) == "1")
        #expect(after.contains { $0.hasPrefix(#"creditgate_fsync_duration_seconds_bucket{le="+Inf"} "#) })
        #expect(!after.joined().contains("C100"), "no customer id in the metrics")

        // A write moves the journal and the per-verb count of writes.
        let admin = try server.admin()
        try admin.expect("PAY C1002 100 ref=M-1", startsWith: "OK C1002 ")
        let paid = try Self.scrape(port)
        #expect(Self.value(#"creditgate_requests_total{verb="PAY",access="write"}"#, in: paid) == "1")
        #expect(
            Int(Self.value("creditgate_journal_sequence", in: paid) ?? "") ?? 0
                > Int(Self.value("creditgate_journal_sequence", in: after) ?? "") ?? 0)
    }

    @Test func endpoint_AnswersOtherRequestsWithHTTPErrors_AndAHalfRequestHoldsUpNoOne() throws {
        let server = try ServerProcess(["--demo", "--metrics", "127.0.0.1:0"])
        let port = try Self.metricsPort(of: server)
        #expect(try Self.get(port, "GET / HTTP/1.1\r\n\r\n").status == "HTTP/1.1 404 Not Found")
        #expect(try Self.get(port, "POST /metrics HTTP/1.1\r\n\r\n").status == "HTTP/1.1 405 Method Not Allowed")
        #expect(try Self.get(port, "hello\r\n\r\n").status == "HTTP/1.1 400 Bad Request")
        #expect(try Self.get(port, "GET /metrics?x=1 HTTP/1.0\n\n").status == "HTTP/1.1 200 OK")

        let half = try LineConnection(to: SocketAddress(host: "127.0.0.1", port: port), timeout: .seconds(10))
        defer { half.close() }
        try half.send("GET /metrics HTTP/1.1\r\n")
        try server.connect().expect("CHECK C1001 1", startsWith: "OK C1001 ")
        #expect(try Self.scrape(port).contains { $0.hasPrefix("creditgate_uptime_seconds ") })
    }

    @Test(
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: promtool),
            "promtool is not installed (Debian package prometheus; .ci/run installs it)"))
    func exposition_PassesPromtool() throws {
        let server = try ServerProcess(["--demo", "--metrics", "127.0.0.1:0"])
        let port = try Self.metricsPort(of: server)
        try server.connect().expect("CHECK C1005", startsWith: "HOLD C1005 ")
        try server.admin().expect("SNAPSHOT", startsWith: "OK snapshot ")
        try ServerProcess.waitUntil("the snapshot is recorded") {
            try Self.value("creditgate_snapshot_running", in: Self.scrape(port)) == "0"
                && Self.scrape(port).contains { $0.hasPrefix("creditgate_snapshot_age_seconds ") }
        }
        let text = try Self.scrape(port).map { $0 + "\n" }.joined()
        let check = try ScriptProcess.run([Self.promtool, "check", "metrics"], stdin: text)
        #expect(check.status == 0, "promtool: \(check.output)")
    }

    @Test(
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: prometheus),
            "prometheus is not installed (Debian package prometheus; .ci/run installs it)"))
    func realPrometheus_ScrapesTheServer() throws {
        let server = try ServerProcess(["--demo", "--metrics", "127.0.0.1:0"])
        let metricsPort = try Self.metricsPort(of: server)
        let client = try server.connect()
        for _ in 0..<3 { try client.expect("CHECK C1005", startsWith: "HOLD C1005 ") }

        // A port free a moment ago; Prometheus binds it itself.
        let (probe, free) = try Socket.listen(on: SocketAddress(host: "127.0.0.1", port: 0))
        Syscall.close(probe)
        let webPort = free.port
        let folder = server.directory + "/prometheus"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let config = """
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: creditgate
                static_configs:
                  - targets: ['127.0.0.1:\(metricsPort)']

            """
        try config.write(toFile: folder + "/prometheus.yml", atomically: true, encoding: .utf8)
        let prometheus = try ScriptProcess([
            Self.prometheus, "--config.file=\(folder)/prometheus.yml",
            "--storage.tsdb.path=\(folder)/data",
            "--web.listen-address=127.0.0.1:\(webPort)",
        ])
        defer { withExtendedLifetime(prometheus) {} }

        let query = "/api/v1/query?query=creditgate_check_holds_total%7Breason%3D%22MANUAL%22%7D"
        var answer = ""
        try ServerProcess.waitUntil("Prometheus has scraped 3 MANUAL holds", seconds: 60) {
            guard
                let reply = try? Self.get(
                    webPort, "GET \(query) HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            else { return false }
            answer = reply.body.joined()
            return answer.contains(#""job":"creditgate""#) && answer.hasSuffix(#","3"]}]}}"#)
        }
        #expect(answer.contains(#""__name__":"creditgate_check_holds_total""#))
    }
}
