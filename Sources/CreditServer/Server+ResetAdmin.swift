import CreditCore
import CreditNet
import CreditStore

/// `creditgated --reset-admin --data <dir>`: the way back in when every admin secret is lost.
extension Server {
    /// With the server stopped (the data folder's lock is taken, so a running server refuses
    /// it): recovers the books, gives the user `admin` — or, when there is none, the first user
    /// of role admin by name — a new secret, journals the change as the server's own, and writes
    /// the secret to `admin.secret` (mode 0600), never to the terminal. Returns what to tell
    /// the operator.
    public static func resetAdmin(configuration: Configuration) throws -> String {
        let path = configuration.dataDirectory
        guard (try? DataDirectory(inspecting: path))?.servedBefore == true else {
            throw StoreError(
                "\(path) is not a data folder a server has used; --reset-admin needs the folder of a stopped server (--data)"
            )
        }
        let directory = try DataDirectory(opening: path)
        var ledger = Ledger()
        let recovered = try recover(into: &ledger, from: directory, configuration: configuration)
        let admins = ledger.users.values.filter { $0.role == .admin }.map(\.name).sorted()
        guard let name = admins.contains("admin") ? "admin" : admins.first else {
            throw StoreError("\(path) holds no user of role admin")
        }
        let secret = newSecret()
        let file = try directory.writeAdminSecret(secret)
        let moment = ServerClock(calendar: BusinessCalendar(identifier: configuration.timeZone) ?? .utc).moment()
        let applied = try ledger.apply(
            .resetSecret(name: name, credential: credential(secret)), by: .system, at: moment)
        if let event = applied.event { recovered.journal.append(JournalEntry.payload(event, by: .system, at: moment)) }
        try recovered.journal.commit(at: Syscall.monotonicNanoseconds)
        return
            "the secret of \(name) is reset; the new one is in \(file) (mode 0600): read it, keep it safe, then delete the file"
    }
}
