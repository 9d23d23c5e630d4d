import Glibc

/// Calls for the data folder: its lock, its permissions, and removing a folder a failed start created.
extension Syscall {
    /// What start-up needs to know of a file: its permission bits and which inode it is.
    public struct FileStatus: Equatable, Sendable {
        /// The permission bits (`st_mode & 0o7777`).
        public let permissions: UInt32
        public let device: UInt64
        public let inode: UInt64
        public let isDirectory: Bool
    }

    /// `stat` of a path (following symbolic links); nil when nothing is there.
    public static func status(ofPath path: String) throws(SystemError) -> FileStatus? {
        var info = stat()
        while stat(path, &info) != 0 {
            let code = Glibc.errno
            if code == ENOENT { return nil }
            if code != EINTR { throw SystemError(call: "stat", errno: code) }
        }
        return FileStatus(info)
    }

    /// `fstat` of an open descriptor.
    public static func status(of fd: Int32) throws(SystemError) -> FileStatus {
        var info = stat()
        _ = try retrying("fstat") { Glibc.fstat(fd, &info) }
        return FileStatus(info)
    }

    /// An exclusive `flock` without waiting: false when another open file description holds it.
    /// The kernel drops it when the last descriptor closes, so a SIGKILL'd holder leaves no lock.
    public static func lockExclusively(_ fd: Int32) throws(SystemError) -> Bool {
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = Glibc.errno
            if code == EWOULDBLOCK { return false }
            if code != EINTR { throw SystemError(call: "flock", errno: code) }
        }
        return true
    }

    /// Removes an empty directory.
    public static func removeDirectory(_ path: String) throws(SystemError) {
        _ = try retrying("rmdir") { Glibc.rmdir(path) }
    }

    /// This process's id, written into the lock file for the operator.
    public static var processID: Int32 { Glibc.getpid() }
}

extension Syscall.FileStatus {
    init(_ info: stat) {
        permissions = UInt32(info.st_mode) & 0o7777
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        isDirectory = UInt32(info.st_mode) & UInt32(S_IFMT) == UInt32(S_IFDIR)
    }
}
