import Glibc

/// File calls for the journal and snapshot layer, so CreditStore never imports Glibc itself.
extension Syscall {
    /// Opens with O_CLOEXEC added: no descriptor of ours should leak into a child process.
    public static func open(_ path: String, flags: Int32, mode: mode_t = 0o644) throws(SystemError) -> Int32 {
        try retrying("open") { Glibc.open(path, flags | O_CLOEXEC, mode) }
    }

    /// Writes every byte, looping over short writes, because a journal record is worthless in part.
    public static func writeAll(_ fd: Int32, from buffer: UnsafeRawPointer, count: Int) throws(SystemError) {
        var done = 0
        while done < count {
            let result = Glibc.write(fd, buffer + done, count - done)
            if result > 0 {
                done += result
            } else if result == 0 {
                throw SystemError(call: "write", errno: EIO)  // no progress and no errno: give up
            } else {
                let code = Glibc.errno
                if code != EINTR { throw SystemError(call: "write", errno: code) }
            }
        }
    }

    /// One positional read; returns the bytes read, 0 at end of file.
    public static func pread(_ fd: Int32, into buffer: UnsafeMutableRawPointer, count: Int, offset: Int64)
        throws(SystemError) -> Int
    {
        while true {
            let result = Glibc.pread(fd, buffer, count, off_t(offset))
            if result >= 0 { return result }
            let code = Glibc.errno
            if code != EINTR { throw SystemError(call: "pread", errno: code) }
        }
    }

    /// Makes written data durable without forcing metadata that reads do not need (group commit).
    public static func fdatasync(_ fd: Int32) throws(SystemError) {
        _ = try retrying("fdatasync") { Glibc.fdatasync(fd) }
    }

    /// Data and metadata durable: for snapshots, whose size matters on the next start-up.
    public static func fsync(_ fd: Int32) throws(SystemError) {
        _ = try retrying("fsync") { Glibc.fsync(fd) }
    }

    /// Cuts a torn record off the journal's end during recovery.
    public static func ftruncate(_ fd: Int32, length: Int64) throws(SystemError) {
        _ = try retrying("ftruncate") { Glibc.ftruncate(fd, off_t(length)) }
    }

    /// The size now (fstat), e.g. where replay of a journal must stop.
    public static func fileSize(_ fd: Int32) throws(SystemError) -> Int64 {
        var info = stat()
        _ = try retrying("fstat") { Glibc.fstat(fd, &info) }
        return Int64(info.st_size)
    }

    /// Atomically replaces `to`: the last step of writing a snapshot.
    public static func rename(_ from: String, _ to: String) throws(SystemError) {
        _ = try retrying("rename") { Glibc.rename(from, to) }
    }

    /// Removes a file, e.g. a snapshot superseded by a newer one.
    public static func unlink(_ path: String) throws(SystemError) {
        _ = try retrying("unlink") { Glibc.unlink(path) }
    }

    /// Creates a directory; one that already exists is fine, so start-up can call this every time.
    public static func makeDirectory(_ path: String, mode: mode_t = 0o755) throws(SystemError) {
        while Glibc.mkdir(path, mode) != 0 {
            let code = Glibc.errno
            if code == EEXIST { return }
            if code != EINTR { throw SystemError(call: "mkdir", errno: code) }
        }
    }

    /// A rename is durable only once its directory is synced (Redis `rdbSave`).
    public static func fsyncDirectory(_ path: String) throws(SystemError) {
        let fd = try retrying("open") { Glibc.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        defer { close(fd) }
        try fsync(fd)
    }

    /// The names in a directory, without "." and "..", sorted so callers see a stable order.
    public static func listDirectory(_ path: String) throws(SystemError) -> [String] {
        guard let directory = Glibc.opendir(path) else {
            throw SystemError(call: "opendir", errno: Glibc.errno)
        }
        defer { _ = Glibc.closedir(directory) }
        var names: [String] = []
        while true {
            Glibc.errno = 0  // readdir signals an error only through errno
            guard let entry = Glibc.readdir(directory) else {
                let code = Glibc.errno
                if code != 0 { throw SystemError(call: "readdir", errno: code) }
                break
            }
            let name = withUnsafePointer(to: entry.pointee.d_name) { tuple in
                tuple.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: tuple.pointee)) {
                    String(cString: $0)
                }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }
}
