import CreditCore
import CreditProtocol

/// What one journal record holds: `<instant> <day> <actor> <role> <canonical line>` — who made a
/// change, when, and the change as the request line that the same `RequestParser` and
/// `VerbTable` decoders as live traffic read back.
public struct JournalEntry {
    public let moment: Moment
    public let actor: Actor
    public let command: Command

    /// The payload of the record for `command`.
    /// `<instant> <day> <user> <role> <line>`, written straight into the record's bytes.
    public static func payload(_ command: Command, by actor: Actor, at moment: Moment) -> [UInt8] {
        let line = command.line
        let role = actor.role.description
        let count = Instant.width + 12 + actor.name.utf8.count + 1 + role.utf8.count + 1 + line.utf8.count
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            func put(_ word: String, at start: Int) -> Int {
                buffer[start] = UInt8(ascii: " ")
                return buffer.write(word.utf8, at: start + 1)
            }
            var index = moment.instant.write(into: buffer, at: 0)
            buffer[index] = UInt8(ascii: " ")
            index = moment.today.write(into: buffer, at: index + 1)
            initialized = put(line, at: put(role, at: put(actor.name, at: index)))
        }
    }

    /// Decodes a record read from `file`; throws a `StoreError` naming both when it cannot.
    public init(decoding record: JournalRecord, parser: RequestParser, file: String) throws {
        (moment, actor, command) = try record.payload.withUnsafeBytes { bytes in
            var fields: [String] = []
            var index = 0
            while fields.count < 4 {
                guard let space = bytes[index...].firstIndex(of: UInt8(ascii: " ")) else {
                    throw JournalEntry.damage(record, file, "has no command")
                }
                fields.append(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[index..<space]), as: UTF8.self))
                index = space + 1
            }
            guard let instant = Instant(parsing: fields[0]), let day = Day(parsing: fields[1]),
                let role = Role(name: fields[3])
            else { throw JournalEntry.damage(record, file, "has a malformed header") }
            let request: Request
            do {
                let line = try parser.parse(UnsafeRawBufferPointer(rebasing: bytes[index...]))
                request = try VerbTable.spec(for: line).decode(line, origin: .journal)
            } catch {
                throw JournalEntry.damage(record, file, "does not parse (\(error))")
            }
            guard case .command(let command) = request else {
                throw JournalEntry.damage(record, file, "is not a change")
            }
            return (Moment(instant: instant, today: day), Actor(name: fields[2], role: role), command)
        }
    }

    /// Start-up stops on a record this version cannot use: the file, the record and why.
    public static func damage(_ record: JournalRecord, _ file: String, _ why: String) -> StoreError {
        StoreError(
            "\(file): record \(record.sequence) \(why). The journal does not match this version of CreditGate or was edited; start-up stops."
        )
    }
}
