import CreditNet
import Synchronization

/// Results a background thread hands to the loop thread: `put` (any thread) appends and wakes
/// the loop through `wakeup`; `take` (the loop thread) drains both.
final class Handoff<Item: Sendable>: Sendable {
    private let items = Mutex<[Item]>([])
    let wakeup: Wakeup

    init() throws {
        wakeup = try Wakeup()
    }

    func put(_ item: Item) {
        items.withLock { $0.append(item) }
        wakeup.signal()
    }

    /// The items put since the last call.
    func take() -> [Item] {
        wakeup.drain()
        return items.withLock { items in
            defer { items.removeAll() }
            return items
        }
    }
}
