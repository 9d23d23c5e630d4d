/// A refused CHECK whose audit entry is not journaled yet, as the server keeps it: the entry's
/// place in the customer's history and how many identical refusals it counts so far.
public struct Repeat: Hashable, Sendable {
    public let ordinal: Int
    public let count: Int

    public init(ordinal: Int, count: Int) {
        self.ordinal = ordinal
        self.count = count
    }

    /// The words a counted refusal adds to its audit entry made at `first` (none for one).
    static func words(_ repetition: Repetition?, first: Instant) -> String {
        repetition.map { " count=\($0.count) last=\(first.adding(Span(seconds: $0.seconds)))" } ?? ""
    }
}

extension Customer {
    /// Counts one more refusal `refusal` by `actor` into the entry `earlier` names, if that entry
    /// is still this customer's newest event and says the same; the count it now holds, or nil.
    mutating func count(_ refusal: String, by actor: String, into earlier: Repeat, at moment: Moment) -> Repetition? {
        guard earlier.ordinal == events, let index = log.indices.last, log[index].ordinal == earlier.ordinal,
              log[index].action == "CHECK", log[index].by == actor, log[index].at <= moment.instant,
              log[index].detail == refusal || log[index].detail.hasPrefix(refusal + " count=")
        else { return nil }
        let first = log[index].at
        let repetition = Repetition(count: earlier.count + 1,
                                    seconds: moment.instant.secondsSinceEpoch - first.secondsSinceEpoch)
        var entry = LogEntry(at: first, by: actor, action: "CHECK", detail: refusal + Repeat.words(repetition, first: first))
        entry.ordinal = earlier.ordinal
        log[index] = entry
        return repetition
    }
}
