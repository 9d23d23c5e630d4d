import CreditNet
import Glibc

/// A file written whole or not at all (Redis `rdbSave`): through `<path>.tmp`, created 0600 — a
/// leftover from a crash is removed first, since under O_TRUNC it would keep its own mode —
/// fsynced, renamed into place, and the folder fsynced.
enum DurableFile {
    /// Writes through `fill`, which returns the bytes it wrote; returns that count.
    static func write(
        _ path: String, in directory: String,
        fill: (Int32) throws(SystemError) -> Int
    ) throws(SystemError) -> Int {
        let temporary = path + ".tmp"
        try? Syscall.unlink(temporary)
        let fd = try Syscall.open(temporary, flags: O_WRONLY | O_CREAT | O_EXCL, mode: 0o600)
        let size: Int
        do throws(SystemError) {
            size = try fill(fd)
            try Syscall.fsync(fd)
        } catch {
            Syscall.close(fd)
            try? Syscall.unlink(temporary)
            throw error
        }
        Syscall.close(fd)
        try Syscall.rename(temporary, path)
        try Syscall.fsyncDirectory(directory)
        return size
    }

    /// Writes `bytes` as the whole file.
    static func write(_ path: String, in directory: String, bytes: [UInt8]) throws(SystemError) {
        _ = try write(path, in: directory) { fd throws(SystemError) in
            try Journal.writeAll(fd, bytes)
            return bytes.count
        }
    }
}
