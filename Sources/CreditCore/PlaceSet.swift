/// A sorted set of places in a list (a rank — a due day, a key's hash — then
/// the position), keeping its old versions cheaply: a treap of immutable
/// nodes, so inserting or removing one place makes O(log n) new nodes and
/// shares the rest with the version before it (which a turn's undo may keep).
/// Priorities are random per process, so no choice of ranks makes the tree a
/// chain; the tree is a cache built from the list, never stored.
struct PlaceSet: Sendable {
    struct Place: Comparable, Hashable, Sendable {
        let rank: Int64
        let position: Int

        static func < (lhs: Place, rhs: Place) -> Bool {
            lhs.rank != rhs.rank ? lhs.rank < rhs.rank : lhs.position < rhs.position
        }
    }

    final class Node: Sendable {
        let place: Place
        let priority: UInt64
        let left: Node?
        let right: Node?

        init(_ place: Place, _ priority: UInt64, _ left: Node?, _ right: Node?) {
            self.place = place
            self.priority = priority
            self.left = left
            self.right = right
        }
    }

    /// The only stored field, so an optional `PlaceSet` is one word in every customer.
    private var root: Node?

    private static let seed = UInt64.random(in: .min ... .max)

    /// SplitMix64 of the position: a priority no client can predict.
    private static func priority(_ place: Place) -> UInt64 {
        var z = UInt64(bitPattern: Int64(place.position)) &+ seed &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    func contains(_ place: Place) -> Bool {
        var node = root
        while let current = node {
            if current.place == place { return true }
            node = place < current.place ? current.left : current.right
        }
        return false
    }

    mutating func insert(_ place: Place) {
        guard !contains(place) else { return }
        root = Self.insert(place, Self.priority(place), into: root)
    }

    mutating func remove(_ place: Place) {
        guard contains(place) else { return }
        root = Self.remove(place, from: root)
    }

    var first: Place? {
        var node = root
        while let left = node?.left { node = left }
        return node?.place
    }

    /// Calls `body` with each place from `lower` up, in order, until it returns false.
    func forEach(from lower: Place, _ body: (Place) -> Bool) {
        var stack: [Node] = []
        stack.reserveCapacity(64)
        var node = root
        while true {
            while let current = node {
                if current.place < lower {
                    node = current.right
                } else {
                    stack.append(current)
                    node = current.left
                }
            }
            guard let next = stack.popLast(), body(next.place) else { return }
            node = next.right
        }
    }

    private static func insert(_ place: Place, _ priority: UInt64, into node: Node?) -> Node {
        guard let node else { return Node(place, priority, nil, nil) }
        if priority > node.priority {
            let (less, more) = split(node, at: place)
            return Node(place, priority, less, more)
        }
        if place < node.place {
            return Node(node.place, node.priority, insert(place, priority, into: node.left), node.right)
        }
        return Node(node.place, node.priority, node.left, insert(place, priority, into: node.right))
    }

    /// The places below `place`, and those above it.
    private static func split(_ node: Node?, at place: Place) -> (Node?, Node?) {
        guard let node else { return (nil, nil) }
        if node.place < place {
            let (less, more) = split(node.right, at: place)
            return (Node(node.place, node.priority, node.left, less), more)
        }
        let (less, more) = split(node.left, at: place)
        return (less, Node(node.place, node.priority, more, node.right))
    }

    private static func remove(_ place: Place, from node: Node?) -> Node? {
        guard let node else { return nil }
        if node.place == place { return join(node.left, node.right) }
        if place < node.place { return Node(node.place, node.priority, remove(place, from: node.left), node.right) }
        return Node(node.place, node.priority, node.left, remove(place, from: node.right))
    }

    /// Two trees, every place of `lower` below every place of `upper`, as one.
    private static func join(_ lower: Node?, _ upper: Node?) -> Node? {
        guard let lower else { return upper }
        guard let upper else { return lower }
        if lower.priority > upper.priority {
            return Node(lower.place, lower.priority, lower.left, join(lower.right, upper))
        }
        return Node(upper.place, upper.priority, join(lower, upper.left), upper.right)
    }

    /// Every place, in order (for tests against a recomputation).
    var places: [Place] {
        var places: [Place] = []
        forEach(from: Place(rank: .min, position: .min)) {
            places.append($0)
            return true
        }
        return places
    }
}
