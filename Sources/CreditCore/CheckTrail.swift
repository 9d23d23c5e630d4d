/// A customer's newest CHECK entries (R-BLK-4's review of refused CHECKs), at
/// most `Customer.checkEntriesKept`. The oldest is dropped by moving `start`,
/// and the list is rebuilt only once `start` has passed as many entries as it
/// keeps, so a flood of held CHECKs costs O(log n) per CHECK in time and in
/// what a turn's undo keeps — never a copy of the customer's trail.
public struct CheckTrail: Sendable {
    private var entries: PersistentList<LogEntry>
    private var start: Int

    public init() {
        entries = []
        start = 0
    }

    /// Replaces the entry at `position`: a refusal's count, written in as it is journaled.
    mutating func replace(at position: Int, with entry: LogEntry) {
        entries[start + position] = entry
    }

    public mutating func append(_ entry: LogEntry) {
        entries.append(entry)
        guard entries.count - start > Customer.checkEntriesKept else { return }
        start += 1
        if start >= Customer.checkEntriesKept {
            entries = PersistentList(entries[start...])
            start = 0
        }
    }
}

extension CheckTrail: RandomAccessCollection {
    public var startIndex: Int { 0 }
    public var endIndex: Int { entries.count - start }
    public subscript(position: Int) -> LogEntry { entries[start + position] }
}

extension CheckTrail: Hashable {
    public static func == (lhs: CheckTrail, rhs: CheckTrail) -> Bool { lhs.elementsEqual(rhs) }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for entry in self { hasher.combine(entry) }
    }
}
