import Glibc

/// Datagrams to an AF_UNIX socket: what `SystemdNotifier` needs to speak sd_notify(3).
extension Syscall {
    static func unixDatagramSocket() throws(SystemError) -> Int32 {
        try retrying("socket") { Glibc.socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }
    }

    /// Sends `bytes` as one datagram to the socket at `path`; a path starting with `@` names a
    /// socket in the abstract namespace (the `@` stands for the leading NUL byte, as in systemd).
    static func send(_ fd: Int32, datagram bytes: [UInt8], toUnixPath path: String) throws(SystemError) {
        var name = Array(path.utf8)
        if name.first == UInt8(ascii: "@") { name[0] = 0 } else { name.append(0) }
        var address = sockaddr_un()
        guard !name.isEmpty, name.count <= MemoryLayout.size(ofValue: address.sun_path) else {
            throw SystemError(call: "sendto", errno: ENAMETOOLONG)
        }
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: name) }
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + name.count)
        _ = try retrying("sendto") {
            bytes.withUnsafeBytes { data in
                withUnsafePointer(to: &address) { pointer in
                    pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        Int32(Glibc.sendto(fd, data.baseAddress, data.count, Int32(MSG_NOSIGNAL), $0, length))
                    }
                }
            }
        }
    }
}
