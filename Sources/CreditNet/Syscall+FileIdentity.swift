import Glibc

extension Syscall {
    /// `<device>:<inode>` of what `fd` refers to: the form of systemd's `$JOURNAL_STREAM`, which
    /// names the journal's socket, so a program can tell whether its stderr still goes there
    /// (and not to a terminal or file a child of the service was given). nil if fstat fails.
    public static func fileIdentity(_ fd: Int32) -> String? {
        var status = stat()
        guard Glibc.fstat(fd, &status) == 0 else { return nil }
        return "\(status.st_dev):\(status.st_ino)"
    }
}
