import Synchronization

/// A user name kept once for the whole process: what an invoice or a customer
/// stores is its 4-byte place in one shared table, not a 16-byte `String` (and
/// its heap copy when longer than 15 bytes) per item. A book of a million
/// customers names a handful of users. The table only grows, so a place never
/// changes its name; equal names have equal places.
public struct UserName: Hashable, Sendable {
    let place: UInt32

    public init(_ name: String) {
        place = UserName.table.withLock { $0.place(of: name) }
    }

    public var name: String { UserName.table.withLock { $0.names[Int(place)] } }

    /// Every name by place, for a reader of many (a snapshot) to look up without the lock.
    static var names: [String] { table.withLock { $0.names } }

    private struct Table: ~Copyable {
        var names: [String] = []
        var places: [String: UInt32] = [:]

        mutating func place(of name: String) -> UInt32 {
            if let place = places[name] { return place }
            let place = UInt32(names.count)
            names.append(name)
            places[name] = place
            return place
        }
    }

    private static let table = Mutex(Table())
}
