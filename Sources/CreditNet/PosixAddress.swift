import Glibc

/// A `SocketAddress` in the kernel's form (`sockaddr_in` or `sockaddr_in6` in a
/// `sockaddr_storage`): the bridge between the text form and bind/connect/accept.
struct PosixAddress {
    var storage = sockaddr_storage()
    var length: socklen_t

    var family: Int32 { Int32(storage.ss_family) }

    /// Resolves `address`: literals directly, "localhost" as 127.0.0.1 (so a client reaches a
    /// server bound to 127.0.0.1 even where the resolver prefers ::1), other names by getaddrinfo.
    init(resolving address: SocketAddress) throws(SystemError) {
        if let v4 = Self.ipv4(address.host) {
            self.init(ipv4: v4, port: address.port)
        } else if let v6 = Self.ipv6(address.host) {
            self.init(ipv6: v6, port: address.port)
        } else if address.host == "localhost" {
            self.init(ipv4: [127, 0, 0, 1], port: address.port)
        } else {
            self = try Syscall.resolve(address.host, port: address.port)
        }
    }

    init(storage: sockaddr_storage, length: socklen_t) {
        self.storage = storage
        self.length = length
    }

    private init(ipv4 bytes: [UInt8], port: UInt16) {
        var inet = sockaddr_in()
        inet.sin_family = sa_family_t(AF_INET)
        inet.sin_port = port.bigEndian
        withUnsafeMutableBytes(of: &inet.sin_addr) { $0.copyBytes(from: bytes) }
        self.length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutableBytes(of: &storage) { raw in
            withUnsafeBytes(of: inet) { raw.copyMemory(from: $0) }
        }
    }

    private init(ipv6 bytes: [UInt8], port: UInt16) {
        var inet6 = sockaddr_in6()
        inet6.sin6_family = sa_family_t(AF_INET6)
        inet6.sin6_port = port.bigEndian
        withUnsafeMutableBytes(of: &inet6.sin6_addr) { $0.copyBytes(from: bytes) }
        self.length = socklen_t(MemoryLayout<sockaddr_in6>.size)
        withUnsafeMutableBytes(of: &storage) { raw in
            withUnsafeBytes(of: inet6) { raw.copyMemory(from: $0) }
        }
    }

    /// The text form; the host is a numeric literal.
    var socketAddress: SocketAddress {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        var port: UInt16 = 0
        withUnsafeBytes(of: storage) { raw in
            if family == AF_INET6 {
                let inet6 = raw.loadUnaligned(as: sockaddr_in6.self)
                port = UInt16(bigEndian: inet6.sin6_port)
                withUnsafeBytes(of: inet6.sin6_addr) {
                    _ = inet_ntop(AF_INET6, $0.baseAddress, &text, socklen_t(text.count))
                }
            } else {
                let inet = raw.loadUnaligned(as: sockaddr_in.self)
                port = UInt16(bigEndian: inet.sin_port)
                withUnsafeBytes(of: inet.sin_addr) {
                    _ = inet_ntop(AF_INET, $0.baseAddress, &text, socklen_t(text.count))
                }
            }
        }
        let host = text.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return SocketAddress(host: host, port: port)
    }

    func withSockaddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) throws(SystemError) -> R) throws(SystemError) -> R
    {
        var copy = storage
        return try withUnsafePointer(to: &copy) { pointer throws(SystemError) in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sockaddrPointer throws(SystemError) in
                try body(sockaddrPointer, length)
            }
        }
    }

    /// The four bytes of an IPv4 literal, or nil.
    static func ipv4(_ host: String) -> [UInt8]? {
        var address = in_addr()
        guard inet_pton(AF_INET, host, &address) == 1 else { return nil }
        return withUnsafeBytes(of: address) { Array($0) }
    }

    /// The sixteen bytes of an IPv6 literal (no brackets), or nil.
    static func ipv6(_ host: String) -> [UInt8]? {
        var address = in6_addr()
        guard inet_pton(AF_INET6, host, &address) == 1 else { return nil }
        return withUnsafeBytes(of: address) { Array($0) }
    }
}
