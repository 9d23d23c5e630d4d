/// A host and port as an operator writes them ("127.0.0.1:7070", "[::1]:7070", "localhost:7070",
/// ":7070"). It stays text until a socket needs it, so configuration and log lines show exactly
/// what was asked for; names are resolved only by `Socket.listen` and `Socket.connect`.
public struct SocketAddress: Sendable, Equatable, CustomStringConvertible {
    /// An IPv4 or IPv6 literal (IPv6 without brackets) or a host name.
    public var host: String
    /// 0 asks `Socket.listen` for any free port.
    public var port: UInt16

    /// An address from parts already checked, e.g. a configuration default; not validated.
    public init(host: String, port: UInt16) {
        self.host = host
        self.port = port
    }

    /// Parses "host:port". An IPv6 literal must be bracketed; an empty host (":7070") means every
    /// IPv4 interface, "0.0.0.0". Returns nil for anything else, so bad flags fail at start-up.
    public init?(parsing text: String) {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let closing = text.firstIndex(of: "]") else { return nil }
            host = text[text.index(after: text.startIndex)..<closing]
            let rest = text[text.index(after: closing)...]
            guard rest.hasPrefix(":"), PosixAddress.ipv6(String(host)) != nil else { return nil }
            portText = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else { return nil }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
            guard host.isEmpty || Self.isIPv4OrName(host) else { return nil }
        }
        guard let port = Self.parsePort(portText) else { return nil }
        self.init(host: host.isEmpty ? "0.0.0.0" : String(host), port: port)
    }

    /// True for 127.0.0.0/8, ::1, IPv4-mapped loopback and "localhost": the server may relax
    /// nothing for these, but it can warn when it listens anywhere else.
    public var isLoopback: Bool {
        if host == "localhost" { return true }
        if let v4 = PosixAddress.ipv4(host) {
            return v4.first == 127
        }
        if let v6 = PosixAddress.ipv6(host) {
            let mappedPrefix: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF]
            if Array(v6.prefix(12)) == mappedPrefix { return v6[12] == 127 }
            return v6 == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]
        }
        return false
    }

    /// What one client can be assumed to hold: an IPv4 address (an IPv4-mapped IPv6 one as
    /// IPv4), or an IPv6 address's /64, since a host is routinely given a whole /64. The AUTH
    /// throttle counts failures per such key.
    public var clientKey: String {
        guard let v6 = PosixAddress.ipv6(host) else { return host }
        if Array(v6.prefix(12)) == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF] {
            return v6.suffix(4).map(String.init).joined(separator: ".")
        }
        let groups = stride(from: 0, to: 8, by: 2).map { String(UInt16(v6[$0]) << 8 | UInt16(v6[$0 + 1]), radix: 16) }
        return groups.joined(separator: ":") + "::/64"
    }

    /// "127.0.0.1:7070" or "[::1]:7070": the form `init(parsing:)` accepts.
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    private static func parsePort(_ text: Substring) -> UInt16? {
        guard (1...5).contains(text.utf8.count) else { return nil }
        var value = 0
        for byte in text.utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value <= Int(UInt16.max) ? UInt16(value) : nil
    }

    /// An IPv4 literal, or a DNS name of letters, digits, '-' and '.'. Something made only of
    /// digits and dots must be a valid IPv4 literal ("256.1.1.1" is a typo, not a name).
    private static func isIPv4OrName(_ host: Substring) -> Bool {
        if PosixAddress.ipv4(String(host)) != nil { return true }
        guard host.utf8.count <= 253 else { return false }
        var sawLetter = false
        var labelLength = 0
        for byte in host.utf8 {
            switch byte {
            case UInt8(ascii: "."):
                guard labelLength > 0 else { return false }
                labelLength = 0
                continue
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "-"):
                sawLetter = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                break
            default:
                return false
            }
            labelLength += 1
            guard labelLength <= 63 else { return false }
        }
        return sawLetter && labelLength > 0
    }
}
