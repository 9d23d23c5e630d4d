import CreditNet
import Glibc

/// Which history this server's records belong to, as PostgreSQL's timeline history and Redis's
/// replication id: epoch 1 starts at record 1, and each PROMOTE starts a new epoch, numbered one
/// above the last, with a random id (two servers promoted from the same point both get epoch
/// n+1, never the same id) and the number of its first record. Two servers share their records
/// up to the end of the last epoch they have in common; what one holds past it, the other never
/// had. Kept in the data folder as `epochs` (one `epoch=<n> id=<hex> from=<record>` line each,
/// written whole through `DurableFile`), and sent on the wire as `<n>:<id>:<from>,…`; a
/// replica's may start later than its primary's (only the newest are sent).
public struct EpochHistory: Equatable, Sendable {
    public struct Epoch: Equatable, Sendable {
        public let number: UInt64
        public let id: String
        public let from: UInt64

        public init(number: UInt64, id: String, from: UInt64) {
            self.number = number
            self.id = id
            self.from = from
        }
    }

    public private(set) var epochs: [Epoch]

    public static let fileName = "epochs"

    public init(_ epochs: [Epoch] = []) {
        self.epochs = epochs
    }

    /// The current epoch's number; 0 before any (a new replica that has not synced yet).
    public var number: UInt64 { epochs.last?.number ?? 0 }

    /// A new epoch after the last, whose first record is `from`.
    public mutating func begin(from: UInt64) -> Epoch {
        let epoch = Epoch(number: number + 1, id: EpochHistory.newID(), from: from)
        epochs.append(epoch)
        return epoch
    }

    /// Adds `epoch` unless it is already known (a PROMOTE record replayed or streamed).
    public mutating func note(_ epoch: Epoch) {
        guard !epochs.contains(epoch) else { return }
        epochs.removeAll { $0.from >= epoch.from }
        epochs.append(epoch)
    }

    public static func newID() -> String {
        let digits = Array("0123456789abcdef")
        return String((0..<8).map { _ in digits.randomElement()! })
    }

    /// `<n>:<id>:<from>,…`, oldest first: the newest `last` epochs (a replica's SYNC sends 24, so
    /// the line stays within a value's 1000 bytes).
    public func wire(last: Int = .max) -> String {
        epochs.suffix(last).map { "\($0.number):\($0.id):\($0.from)" }.joined(separator: ",")
    }

    public static let sentOnSync = 24

    public init?(wire: String) {
        var epochs: [Epoch] = []
        for item in wire.split(separator: ",") {
            let parts = item.split(separator: ":")
            guard parts.count == 3, let number = UInt64(parts[0]), let from = UInt64(parts[2]), !parts[1].isEmpty,
                parts[1].allSatisfy({ $0.isHexDigit }), number > (epochs.last?.number ?? 0),
                from > (epochs.last?.from ?? 0)
            else { return nil }
            epochs.append(Epoch(number: number, id: String(parts[1]), from: from))
        }
        self.epochs = epochs
    }

    /// The last record this history (a primary's, whose last record is `end`) and `other` (a
    /// replica's, whose last is `otherEnd`) hold alike: where the two histories part. Nil when
    /// they share no epoch at all (folders of unrelated servers).
    public func sharedEnd(with other: EpochHistory, end: UInt64, otherEnd: UInt64) -> UInt64? {
        guard let first = other.epochs.first, let start = epochs.firstIndex(of: first) else { return nil }
        var common = 0
        while start + common < epochs.count, common < other.epochs.count, epochs[start + common] == other.epochs[common]
        {
            common += 1
        }
        let mine = start + common < epochs.count ? epochs[start + common].from - 1 : end
        let theirs = common < other.epochs.count ? other.epochs[common].from - 1 : otherEnd
        return min(mine, theirs)
    }

    /// The history kept in `directory`, or nil when there is none yet.
    public static func load(in directory: String) throws -> EpochHistory? {
        let path = directory + "/" + fileName
        guard try Syscall.status(ofPath: path) != nil else { return nil }
        let text = String(decoding: try JournalReader.readAll(path), as: UTF8.self)
        var epochs: [Epoch] = []
        for line in text.split(separator: "\n") {
            let values = Dictionary(
                line.split(separator: " ").compactMap { word -> (Substring, Substring)? in
                    guard let equals = word.firstIndex(of: "=") else { return nil }
                    return (word[..<equals], word[word.index(after: equals)...])
                }, uniquingKeysWith: { first, _ in first })
            guard let number = values["epoch"].flatMap({ UInt64($0) }), let id = values["id"],
                let from = values["from"].flatMap({ UInt64($0) })
            else {
                throw StoreError(
                    "\(path): the line '\(line.prefix(80))' is not 'epoch=<n> id=<hex> from=<record>'; restore the file or remove it (the server then starts epoch 1 afresh)"
                )
            }
            epochs.append(Epoch(number: number, id: String(id), from: from))
        }
        return EpochHistory(epochs)
    }

    public func save(in directory: String) throws(SystemError) {
        let bytes = Array(epochs.map { "epoch=\($0.number) id=\($0.id) from=\($0.from)\n" }.joined().utf8)
        try DurableFile.write(directory + "/" + EpochHistory.fileName, in: directory, bytes: bytes)
    }
}
