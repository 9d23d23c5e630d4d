import CreditNet

/// `--metrics <addr:port>`: a listener beside the line protocol's, on the same loop, that
/// answers `GET /metrics` in Prometheus's text format and closes. Owned by the loop thread.
final class MetricsEndpoint {
    /// Exchanges get tokens from here up, so the loop tells them from line connections.
    static let firstToken: UInt64 = 1 << 62
    /// Scrapes served at once; more are closed at accept (a scraper retries next interval).
    static let maximumExchanges = 16
    /// An exchange still open after this long is closed (a client that sends half a request).
    static let timeoutNanoseconds: UInt64 = 10_000_000_000

    let listener: Int32
    let address: SocketAddress
    var exchanges: [UInt64: HTTPExchange] = [:]
    private var nextToken = MetricsEndpoint.firstToken

    init(listening on: SocketAddress) throws(SystemError) {
        (listener, address) = try Socket.listen(on: on, backlog: 64)
    }

    /// Takes the connections waiting on the listener; returns each new one with its token.
    func accept(now: UInt64) -> [(token: UInt64, exchange: HTTPExchange)] {
        var accepted: [(UInt64, HTTPExchange)] = []
        while let (fd, _) = (try? Socket.accept(listener)) ?? nil {
            guard exchanges.count < MetricsEndpoint.maximumExchanges else {
                Syscall.close(fd)
                continue
            }
            let exchange = HTTPExchange(fd: fd, started: now)
            exchanges[nextToken] = exchange
            accepted.append((nextToken, exchange))
            nextToken += 1
        }
        return accepted
    }

    func remove(_ token: UInt64) -> HTTPExchange? {
        exchanges.removeValue(forKey: token)
    }

    /// The exchanges open for longer than the timeout.
    func expired(now: UInt64) -> [UInt64] {
        exchanges.filter { now &- $0.value.started > MetricsEndpoint.timeoutNanoseconds }.map(\.key)
    }

    /// The response to a request head: the exposition for `GET /metrics`, an error otherwise.
    static func response(to head: HTTPRequestHead?, body: () -> String) -> [UInt8] {
        guard let head else {
            return HTTPResponse.bytes(
                status: 400, reason: "Bad Request", contentType: "text/plain", body: "bad request\n")
        }
        guard head.path == "/metrics" else {
            return HTTPResponse.bytes(
                status: 404, reason: "Not Found", contentType: "text/plain",
                body: "only /metrics is served here\n")
        }
        guard head.method == "GET" else {
            return HTTPResponse.bytes(
                status: 405, reason: "Method Not Allowed", contentType: "text/plain",
                body: "GET /metrics\n")
        }
        return HTTPResponse.bytes(status: 200, reason: "OK", contentType: PrometheusText.contentType, body: body())
    }
}
