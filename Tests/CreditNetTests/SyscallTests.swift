import CreditNet
import Glibc
import Testing

@Suite struct SyscallTests {
    @Test func fileCalls_WriteReadTruncateRenameAndList() throws {
        let directory = try TemporaryFolder()
        let journal = directory.path + "/journal.tmp"
        let fd = try Syscall.open(journal, flags: O_WRONLY | O_CREAT | O_TRUNC)
        let record = Array("PAY c1 100\nHOLD c2\n".utf8)
        try record.withUnsafeBytes { try Syscall.writeAll(fd, from: $0.baseAddress!, count: $0.count) }
        try Syscall.fdatasync(fd)
        try Syscall.fsync(fd)
        #expect(try Syscall.fileSize(fd) == Int64(record.count))
        try Syscall.ftruncate(fd, length: 11)
        #expect(try Syscall.fileSize(fd) == 11)
        Syscall.close(fd)

        try Syscall.rename(journal, directory.path + "/journal")
        try Syscall.fsyncDirectory(directory.path)
        try Syscall.makeDirectory(directory.path + "/snapshots")
        try Syscall.makeDirectory(directory.path + "/snapshots")  // EEXIST is fine
        #expect(try Syscall.listDirectory(directory.path) == ["journal", "snapshots"])
    }

    @Test func pread_ReadsAtAnOffsetAndReturnsZeroAtEnd() throws {
        let directory = try TemporaryFolder()
        let fd = try Syscall.open(directory.path + "/data", flags: O_RDWR | O_CREAT)
        defer { Syscall.close(fd) }
        let bytes = Array("0123456789".utf8)
        try bytes.withUnsafeBytes { try Syscall.writeAll(fd, from: $0.baseAddress!, count: $0.count) }
        var read = [UInt8](repeating: 0, count: 4)
        #expect(
            try read.withUnsafeMutableBytes { try Syscall.pread(fd, into: $0.baseAddress!, count: 4, offset: 6) } == 4)
        #expect(read == Array("6789".utf8))
        #expect(
            try read.withUnsafeMutableBytes { try Syscall.pread(fd, into: $0.baseAddress!, count: 4, offset: 10) } == 0)
    }

    @Test func failures_NameTheCallAndErrno() throws {
        let directory = try TemporaryFolder()
        #expect(throws: SystemError(call: "open", errno: ENOENT)) {
            _ = try Syscall.open(directory.path + "/missing", flags: O_RDONLY)
        }
        #expect(throws: SystemError(call: "opendir", errno: ENOENT)) {
            _ = try Syscall.listDirectory(directory.path + "/missing")
        }
        #expect(throws: SystemError(call: "rename", errno: ENOENT)) {
            try Syscall.rename(directory.path + "/missing", directory.path + "/other")
        }
    }

    @Test func description_NamesCallMessageAndErrno() {
        #expect(SystemError(call: "write", errno: ENOSPC).description == "write: No space left on device (errno 28)")
    }
}
