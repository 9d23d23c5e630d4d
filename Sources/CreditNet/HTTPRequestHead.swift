/// The head of an HTTP/1.x request, as much as a scrape needs (`GET /metrics HTTP/1.1`): the
/// metrics endpoint is not a web server, so header fields are skipped and bodies are not read.
public struct HTTPRequestHead: Equatable, Sendable {
    public let method: String
    /// The request target without its query string.
    public let path: String

    public enum Parse: Equatable, Sendable {
        /// The blank line that ends the head has not arrived yet.
        case incomplete
        /// Not an HTTP/1.x request line, or a head over `maximumSize`.
        case invalid
        case complete(HTTPRequestHead)
    }

    /// The largest head taken (request line and header fields), as nginx's default 8 KiB.
    public static let maximumSize = 8192

    public init(method: String, path: String) {
        self.method = method
        self.path = path
    }

    /// Parses what has arrived so far.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> Parse {
        guard let end = endOfHead(bytes) else {
            return bytes.count >= maximumSize ? .invalid : .incomplete
        }
        guard end <= maximumSize else { return .invalid }
        let lineEnd = bytes.firstIndex(of: UInt8(ascii: "\n"))!
        var line = bytes[..<lineEnd]
        if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
        let words = line.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard words.count == 3, !words[0].isEmpty, words[0].allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }),
            words[1].first == UInt8(ascii: "/"), words[2].starts(with: "HTTP/1.".utf8)
        else { return .invalid }
        let target = words[1].prefix { $0 != UInt8(ascii: "?") }
        return .complete(
            HTTPRequestHead(
                method: String(decoding: words[0], as: UTF8.self),
                path: String(decoding: target, as: UTF8.self)))
    }

    /// The offset just past the blank line (CRLF CRLF, or LF LF from a hand-typed request).
    static func endOfHead(_ bytes: UnsafeRawBufferPointer) -> Int? {
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\n") {
                var next = index + 1
                if next < bytes.count, bytes[next] == UInt8(ascii: "\r") { next += 1 }
                if next < bytes.count, bytes[next] == UInt8(ascii: "\n") { return next + 1 }
            }
            index += 1
        }
        return nil
    }
}
