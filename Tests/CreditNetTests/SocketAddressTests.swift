import CreditNet
import Testing

@Suite struct SocketAddressTests {
    @Test(arguments: [
        ("127.0.0.1:7070", "127.0.0.1", UInt16(7070)),
        ("0.0.0.0:0", "0.0.0.0", 0),
        ("[::1]:7070", "::1", 7070),
        ("[fe80::1:2]:65535", "fe80::1:2", 65535),
        ("localhost:7070", "localhost", 7070),
        ("db-1.example.com:80", "db-1.example.com", 80),
        (":7070", "0.0.0.0", 7070),
    ])
    func parsing_AcceptsGoodAddresses(text: String, host: String, port: UInt16) throws {
        let address = try #require(SocketAddress(parsing: text))
        #expect(address == SocketAddress(host: host, port: port))
    }

    @Test(arguments: [
        "", "7070", "127.0.0.1", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:-1", "127.0.0.1:+80",
        "127.0.0.1:http", "127.0.0.1:123456", "::1:7070", "[::1]7070", "[::1", "[127.0.0.1]:80",
        "256.1.1.1:80", "1.2.3:80", "host name:80", "a..b:80", ".a:80", "[]:80",
    ])
    func parsing_RejectsBadAddresses(text: String) {
        #expect(SocketAddress(parsing: text) == nil)
    }

    /// What the AUTH throttle counts as one client: an IPv4 address, an IPv6 /64.
    @Test(arguments: [
        ("127.0.0.2", "127.0.0.2"),
        ("::ffff:10.1.2.3", "10.1.2.3"),
        ("2001:db8:0:1:aaaa::1", "2001:db8:0:1::/64"),
        ("::1", "0:0:0:0::/64"),
    ])
    func clientKey_IsTheAddress_OrTheIPv6Slash64(host: String, key: String) {
        #expect(SocketAddress(host: host, port: 1).clientKey == key)
    }

    @Test func description_RoundTripsThroughParsing() throws {
        for text in ["127.0.0.1:7070", "[::1]:7070", "localhost:1"] {
            let address = try #require(SocketAddress(parsing: text))
            #expect(address.description == text)
        }
    }

    @Test(arguments: [
        ("127.0.0.1:1", true), ("127.255.0.9:1", true), ("[::1]:1", true), ("localhost:1", true),
        ("[::ffff:127.0.0.1]:1", true), ("0.0.0.0:1", false), ("10.0.0.1:1", false),
        ("[::]:1", false), ("example.com:1", false),
    ])
    func isLoopback_KnowsLoopbackRanges(text: String, loopback: Bool) throws {
        #expect(try #require(SocketAddress(parsing: text)).isLoopback == loopback)
    }
}
