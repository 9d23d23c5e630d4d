import CreditNet
import Glibc

/// The data folder and every file in it, named in one place:
///
/// - `creditgated.lock`: an exclusive `flock` held while a server runs, so two servers never
///   share a folder; it holds the pid of the server that took it. It stays when the server
///   exits (the kernel drops the lock, even after SIGKILL), and its presence says the folder
///   has served before.
/// - `journal-<first record>.cgj`: the journal (`Journal`, `JournalReader`, `JournalChain`).
/// - `snapshot-<last record>.cgs`: snapshots (`Snapshot`); `.cgs.tmp` while one is written.
/// - `admin.secret`: the generated first admin's secret, mode 0600, for the operator to read
///   and delete.
/// - `epochs`: the history this server's records belong to (`EpochHistory`).
/// - `following`: the `host:port` this server FOLLOWs, so a restart goes on following it (removed
///   by PROMOTE; `--replica-of` overrides it).
/// - `roles.log`: every PROMOTE and FOLLOW, who, when, why and the role before, one line each.
/// - `diverged-<epoch>-<record>.journal` (and `diverged-…-snapshot-<record>.cgs`): records set
///   aside after a FOLLOW found them outside the new primary's history (`DivergedRecords`).
///
/// Opening checks the folder (created 0700 when missing; refused when its group or others may
/// write it) and takes the lock before anything in it is read.
public final class DataDirectory {
    public let path: String
    /// The lock file was there before this start: the folder has held a journal.
    public let servedBefore: Bool
    /// This start created the folder.
    let created: Bool
    /// Journal or snapshot files were there when it was opened.
    let heldState: Bool
    /// The lock held while open; -1 for a folder opened only to be inspected.
    private let lockFD: Int32

    public static let lockName = "creditgated.lock"
    public static let adminSecretName = "admin.secret"
    public static let roleChangesName = "roles.log"
    public static let followingName = "following"

    public var lockPath: String { path + "/" + DataDirectory.lockName }
    public var adminSecretPath: String { path + "/" + DataDirectory.adminSecretName }

    public static func journalName(first: UInt64) -> String { "journal-" + padded(first) + ".cgj" }
    public static func snapshotName(sequence: UInt64) -> String { "snapshot-" + padded(sequence) + ".cgs" }

    private static func padded(_ number: UInt64) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits
    }

    /// Creates the folder when missing, checks who may write it and takes its lock; throws a
    /// `StoreError` naming the folder and what to do.
    public init(opening path: String) throws {
        self.path = path
        switch try DataDirectory.status(path) {
        case nil:
            do {
                try Syscall.makeDirectory(path, mode: 0o700)
            } catch {
                throw StoreError(
                    """
                    cannot create the data folder \(path): \(error). Create it (mode 700) or choose \
                    another with --data.
                    """)
            }
            created = true
        case let status?:
            guard status.isDirectory else {
                throw StoreError("the data folder \(path) is not a folder; choose another with --data")
            }
            guard status.permissions & 0o022 == 0 else {
                throw StoreError(
                    """
                    the data folder \(path) is writable by \(status.permissions & 0o002 != 0 ? "others" : "its group") \
                    (mode \(String(status.permissions, radix: 8))): whoever can write there can replace the journal. \
                    Fix it with `chmod 700 \(path)` and start again.
                    """)
            }
            created = false
        }
        do {
            let names = try DataDirectory.list(path)
            servedBefore = names.contains(DataDirectory.lockName)
            heldState = names.contains { $0.hasSuffix(".cgj") || $0.hasSuffix(".cgs") }
            lockFD = try DataDirectory.lock(path + "/" + DataDirectory.lockName, folder: path)
        } catch {
            if created { try? Syscall.removeDirectory(path) }
            throw error
        }
    }

    /// Opens a data folder or a backup to be read only (`creditgated --verify`): nothing is
    /// created, locked or changed.
    public init(inspecting path: String) throws {
        self.path = path
        guard let status = try DataDirectory.status(path), status.isDirectory else {
            throw StoreError("\(path) is not a folder")
        }
        let names = try DataDirectory.list(path)
        servedBefore = names.contains(DataDirectory.lockName)
        heldState = names.contains { $0.hasSuffix(".cgj") || $0.hasSuffix(".cgs") }
        created = false
        lockFD = -1
    }

    deinit {
        if lockFD >= 0 { Syscall.close(lockFD) }
    }

    /// A start-up that failed on a folder that held nothing before leaves nothing behind: the
    /// files this start made, and the folder if it made that too.
    public func discardIfNew() {
        guard !servedBefore, !heldState, let names = try? Syscall.listDirectory(path) else { return }
        for name in names
        where name == DataDirectory.lockName || name.hasPrefix(DataDirectory.adminSecretName)
            || name.hasPrefix("journal-") || name.hasPrefix("snapshot-") || name.hasPrefix(EpochHistory.fileName)
        {
            try? Syscall.unlink(path + "/" + name)
        }
        if created { try? Syscall.removeDirectory(path) }
    }

    /// Writes the generated first admin secret to `admin.secret` (0600, replacing an older one,
    /// durable before the user is journaled); returns its path. Through a temp file and a rename,
    /// so the file never holds half a secret; a temp file left by a crash is replaced.
    public func writeAdminSecret(_ secret: String) throws(SystemError) -> String {
        let final = adminSecretPath
        let bytes = Array((secret + "\n").utf8)
        try DurableFile.write(final, in: path, bytes: bytes)
        return final
    }

    /// The primary this server was told to FOLLOW, if any.
    public func following() throws -> String? {
        let path = self.path + "/" + DataDirectory.followingName
        guard try Syscall.status(ofPath: path) != nil else { return nil }
        return String(decoding: try JournalReader.readAll(path), as: UTF8.self).split(whereSeparator: \.isWhitespace)
            .first.map(String.init) ?? ""
    }

    /// Records (durably) the primary followed, or removes the record (nil).
    public func recordFollowing(_ primary: String?) throws(SystemError) {
        let path = self.path + "/" + DataDirectory.followingName
        guard let primary else {
            if try Syscall.status(ofPath: path) != nil {
                try Syscall.unlink(path)
                try Syscall.fsyncDirectory(self.path)
            }
            return
        }
        let bytes = Array((primary + "\n").utf8)
        try DurableFile.write(path, in: self.path, bytes: bytes)
    }

    /// Appends one line to `roles.log` (0600) and makes it durable.
    public func noteRoleChange(_ line: String) throws(SystemError) {
        let fd = try Syscall.open(
            path + "/" + DataDirectory.roleChangesName, flags: O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
            mode: 0o600)
        defer { Syscall.close(fd) }
        try Journal.writeAll(fd, Array((line + "\n").utf8))
        try Syscall.fsync(fd)
    }

    private static func status(_ path: String) throws -> Syscall.FileStatus? {
        do {
            return try Syscall.status(ofPath: path)
        } catch {
            throw StoreError("cannot use the data folder \(path): \(error); choose another with --data")
        }
    }

    private static func list(_ path: String) throws -> [String] {
        do {
            return try Syscall.listDirectory(path)
        } catch {
            throw StoreError(
                "cannot read the data folder \(path): \(error); check its owner and mode, or choose another with --data"
            )
        }
    }

    /// Opens and locks the lock file and writes this process's pid into it. Retries when the
    /// file it locked is no longer the one at the path (removed by a start-up that failed).
    private static func lock(_ lockPath: String, folder: String) throws -> Int32 {
        while true {
            let fd: Int32
            do {
                fd = try Syscall.open(lockPath, flags: O_RDWR | O_CREAT, mode: 0o600)
            } catch {
                throw StoreError(
                    "cannot open the lock file \(lockPath): \(error); check the data folder's owner and mode, or choose another with --data"
                )
            }
            do {
                guard try Syscall.lockExclusively(fd) else {
                    let holder = String(decoding: (try? JournalReader.readAll(lockPath)) ?? [], as: UTF8.self).filter(
                        \.isNumber)
                    throw StoreError(
                        """
                        the data folder \(folder) is in use by another creditgated (pid \(holder.isEmpty ? "unknown" : holder), \
                        holding \(lockPath)): one server per data folder. Stop that one, or give this one another --data.
                        """)
                }
                guard try Syscall.status(of: fd) == Syscall.status(ofPath: lockPath) else {
                    Syscall.close(fd)
                    continue
                }
                try Syscall.ftruncate(fd, length: 0)
                try Journal.writeAll(fd, Array("\(Syscall.processID)\n".utf8))
                return fd
            } catch {
                Syscall.close(fd)
                throw error
            }
        }
    }
}
