import CreditCore
import CreditNet
import CreditProtocol
import CreditStore
import Foundation
import Testing

/// The data folder's lock, its permissions, what a failed first start leaves, and the journal
/// entry format read back.
@Suite struct DataDirectoryTests {
    /// `flock` locks belong to an open file description, so a second open in this process is
    /// refused just as a second server is; closing the first frees the folder.
    @Test func secondOpen_IsRefusedWhileTheFirstHoldsTheLock() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/data"
        var first: DataDirectory? = try DataDirectory(opening: path)
        #expect(first?.servedBefore == false)
        #expect(try Syscall.status(ofPath: path)?.permissions == 0o700)
        #expect(folder.bytes("data/creditgated.lock") == Array("\(Syscall.processID)\n".utf8))
        #expect(throws: StoreError.self) { try DataDirectory(opening: path) }
        do {
            _ = try DataDirectory(opening: path)
        } catch {
            #expect(
                "\(error)" == """
                    the data folder \(path) is in use by another creditgated (pid \(Syscall.processID), holding \
                    \(path)/creditgated.lock): one server per data folder. Stop that one, or give this one another --data.
                    """)
        }
        first = nil
        let second = try DataDirectory(opening: path)
        #expect(second.servedBefore)
    }

    /// A folder this start created, or one that held nothing, is left as it was found.
    @Test func discardIfNew_RemovesOnlyWhatAFirstStartMade() throws {
        let folder = try TemporaryFolder()
        let created = try DataDirectory(opening: folder.path + "/new")
        _ = try created.writeAdminSecret("a-secret-of-24-characters")
        _ = try Journal(directory: created.path, policy: .batch, firstSequence: 1, nextSequence: 1, existingRecords: 0)
        created.discardIfNew()
        #expect(try Syscall.status(ofPath: created.path) == nil)

        let existing = try DataDirectory(opening: folder.path)
        _ = try Journal(directory: existing.path, policy: .batch, firstSequence: 1, nextSequence: 1, existingRecords: 0)
        existing.discardIfNew()
        #expect(try Syscall.listDirectory(folder.path) == [])

        _ = try DataDirectory(opening: folder.path)
        let served = try DataDirectory(opening: folder.path)
        served.discardIfNew()
        #expect(try Syscall.listDirectory(folder.path) == ["creditgated.lock"])
    }

    /// A temp file left by a crash in mid-write does not stop the next start from writing one.
    @Test func adminSecret_Is0600_AndOverwritesATempFileLeftByACrash() throws {
        let folder = try TemporaryFolder()
        let directory = try DataDirectory(opening: folder.path)
        folder.write(Array("half a sec".utf8), to: "admin.secret.tmp")
        #expect(try directory.writeAdminSecret("a-secret-of-24-characters") == folder.path + "/admin.secret")
        #expect(folder.bytes("admin.secret") == Array("a-secret-of-24-characters\n".utf8))
        #expect(try Syscall.status(ofPath: folder.path + "/admin.secret")?.permissions == 0o600)
        #expect(try Syscall.listDirectory(folder.path) == ["admin.secret", "creditgated.lock"])
    }

    @Test func groupWritableFolder_IsRefused() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.setAttributes([.posixPermissions: 0o775], ofItemAtPath: folder.path)
        #expect(throws: StoreError.self) { try DataDirectory(opening: folder.path) }
        #expect(try Syscall.listDirectory(folder.path) == [], "refused before the lock file is made")
    }

    /// The payload written for a change decodes to the same change, actor and moment.
    @Test func journalEntry_ReadsBackWhatWasWritten() throws {
        let moment = Moment(instant: Instant(parsing: "2026-03-01T09:00:00Z")!, today: Day(parsing: "2026-03-01")!)
        let actor = Actor(name: "carla", role: .clerk)
        let line = "PAY C1 12.50 ref=R-1"
        let request = try Array(line.utf8).withUnsafeBytes { bytes in
            let parsed = try RequestParser().parse(bytes)
            return try VerbTable.spec(for: parsed).decode(parsed, origin: .journal)
        }
        guard case .command(let command) = request else {
            throw StoreError("\(line) is not a change")
        }
        let record = JournalRecord(sequence: 7, payload: JournalEntry.payload(command, by: actor, at: moment))
        #expect(record.payload == Array("2026-03-01T09:00:00Z 2026-03-01 carla clerk \(line)".utf8))
        let entry = try JournalEntry(decoding: record, parser: RequestParser(), file: "journal-7.cgj")
        #expect(entry.command == command && entry.actor == actor && entry.moment == moment)
    }
}
