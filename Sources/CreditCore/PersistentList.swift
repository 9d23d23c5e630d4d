/// A list whose copies share everything but what changed. The last up to 32
/// elements sit in a plain array (`tail`); the ones before them in full leaves
/// of 32 under a tree of 32-wide nodes (Clojure's persistent vector). Appending
/// or replacing one element copies the tail or one path of nodes — O(log₃₂ n),
/// at most five nodes for a million elements — so the old value a turn keeps
/// for undo costs only what the change touched, not the whole list. A list of
/// up to 32 elements is one array, as before.
///
/// Nodes are changed in place only while nothing else refers to them
/// (`isKnownUniquelyReferenced`), as `Array` does, so a copy on another thread
/// (a snapshot) never sees a change.
public struct PersistentList<Element: Sendable>: Sendable {
    private var tail: [Element]
    private var trie: Trie?

    static var width: Int { 32 }
    static var bits: Int { 5 }

    public init() {
        tail = []
        trie = nil
    }

    public init<S: Sequence>(_ elements: S) where S.Element == Element {
        self.init()
        for element in elements { append(element) }
    }

    /// Up to 32 elements are kept as the very array given, with no spare
    /// capacity (a snapshot's reader makes them to size); more are appended.
    public init(_ elements: [Element]) {
        tail = elements.count <= Self.width ? elements : []
        trie = nil
        guard elements.count > Self.width else { return }
        for element in elements { append(element) }
    }

    /// How many elements sit in full leaves, before the tail.
    private var tailOffset: Int { trie?.count ?? 0 }

    public mutating func append(_ element: Element) {
        if tail.count == Self.width {
            pushTail()
            tail = []
            tail.reserveCapacity(Self.width)
        }
        tail.append(element)
    }

    /// Removes the elements `shouldBeRemoved` picks: a rebuild, O(n), done only when one is picked.
    public mutating func removeAll(where shouldBeRemoved: (Element) -> Bool) {
        guard contains(where: shouldBeRemoved) else { return }
        self = PersistentList(filter { !shouldBeRemoved($0) })
    }

    private mutating func pushTail() {
        let leaf = Node(items: tail)
        guard trie != nil else {
            trie = Trie(root: leaf, shift: 0, count: Self.width)
            return
        }
        if !isKnownUniquelyReferenced(&trie) { trie = trie!.copy() }
        let trie = self.trie!
        if trie.count == 1 << (trie.shift + Self.bits) {
            trie.root = Node(children: [trie.root, Self.path(to: leaf, level: trie.shift)])
            trie.shift += Self.bits
        } else {
            Self.insert(leaf, into: &trie.root, level: trie.shift, at: trie.count)
        }
        trie.count += Self.width
    }

    /// A chain of nodes from `level` down to `leaf`.
    private static func path(to leaf: Node, level: Int) -> Node {
        level == 0 ? leaf : Node(children: [path(to: leaf, level: level - bits)])
    }

    private static func insert(_ leaf: Node, into node: inout Node, level: Int, at position: Int) {
        if !isKnownUniquelyReferenced(&node) { node = node.copy() }
        let slot = (position >> level) & (width - 1)
        if slot < node.children.count {
            insert(leaf, into: &node.children[slot], level: level - bits, at: position)
        } else {
            node.children.append(path(to: leaf, level: level - bits))
        }
    }

    private static func update(_ node: inout Node, level: Int, at position: Int, to element: Element) {
        if !isKnownUniquelyReferenced(&node) { node = node.copy() }
        if level == 0 {
            node.items[position & (width - 1)] = element
        } else {
            update(&node.children[(position >> level) & (width - 1)], level: level - bits, at: position, to: element)
        }
    }

    private func leaf(at position: Int) -> Node {
        let trie = self.trie!
        var node = trie.root
        var level = trie.shift
        while level > 0 {
            node = node.children[(position >> level) & (Self.width - 1)]
            level -= Self.bits
        }
        return node
    }

    /// How many nodes of this list's tree are not also in `other`'s at the same
    /// place: what a change made new (the tail not counted). For tests of sharing.
    func nodesNotShared(with other: PersistentList) -> Int {
        guard let trie else { return 0 }
        guard let theirs = other.trie, theirs.shift == trie.shift else { return Self.nodes(trie.root) }
        return Self.unshared(trie.root, theirs.root)
    }

    private static func nodes(_ node: Node) -> Int {
        1 + node.children.reduce(0) { $0 + nodes($1) }
    }

    private static func unshared(_ mine: Node, _ theirs: Node) -> Int {
        if mine === theirs { return 0 }
        var count = 1
        for (slot, child) in mine.children.enumerated() {
            count += slot < theirs.children.count ? unshared(child, theirs.children[slot]) : nodes(child)
        }
        return count
    }
}

extension PersistentList {
    /// One node: a leaf holds 32 elements, a branch up to 32 nodes.
    /// `@unchecked Sendable`: its fields change only while one list holds the only
    /// reference (`isKnownUniquelyReferenced`), so no other thread can be reading it.
    final class Node: @unchecked Sendable {
        var children: [Node]
        var items: [Element]

        init(children: [Node] = [], items: [Element] = []) {
            self.children = children
            self.items = items
        }

        func copy() -> Node { Node(children: children, items: items) }
    }

    /// The full leaves: the root, its height (`shift` = 5 per level above the leaves) and their count.
    /// `@unchecked Sendable` for the same reason as `Node`: changed only while uniquely referenced.
    final class Trie: @unchecked Sendable {
        var root: Node
        var shift: Int
        var count: Int

        init(root: Node, shift: Int, count: Int) {
            self.root = root
            self.shift = shift
            self.count = count
        }

        func copy() -> Trie { Trie(root: root, shift: shift, count: count) }
    }
}

extension PersistentList: RandomAccessCollection, MutableCollection {
    public var startIndex: Int { 0 }
    public var endIndex: Int { tailOffset + tail.count }
    public var count: Int { tailOffset + tail.count }
    public var isEmpty: Bool { trie == nil && tail.isEmpty }

    public subscript(position: Int) -> Element {
        get {
            let offset = tailOffset
            if position >= offset { return tail[position - offset] }
            precondition(position >= 0, "PersistentList index out of range")
            return leaf(at: position).items[position & (Self.width - 1)]
        }
        set {
            let offset = tailOffset
            if position >= offset {
                tail[position - offset] = newValue
                return
            }
            precondition(position >= 0, "PersistentList index out of range")
            if !isKnownUniquelyReferenced(&trie) { trie = trie!.copy() }
            let trie = self.trie!
            Self.update(&trie.root, level: trie.shift, at: position, to: newValue)
        }
    }
}

extension PersistentList: Sequence {
    /// Walks a leaf's array at a time, not one tree descent per element.
    public struct Iterator: IteratorProtocol {
        let list: PersistentList
        var position = 0
        var leaf: ArraySlice<Element> = []

        public mutating func next() -> Element? {
            if leaf.isEmpty {
                guard position < list.count else { return nil }
                let offset = list.tailOffset
                leaf = position >= offset ? list.tail[(position - offset)...] : list.leaf(at: position).items[...]
            }
            position += 1
            return leaf.popFirst()
        }
    }

    public func makeIterator() -> Iterator { Iterator(list: self) }
}

extension PersistentList: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: Element...) {
        self.init(elements)
    }
}

extension PersistentList: Equatable where Element: Equatable {
    public static func == (lhs: PersistentList, rhs: PersistentList) -> Bool {
        guard lhs.count == rhs.count else { return false }
        if lhs.trie === rhs.trie, lhs.tail == rhs.tail { return true }
        return lhs.elementsEqual(rhs)
    }
}

extension PersistentList: Hashable where Element: Hashable {
    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for element in self { hasher.combine(element) }
    }
}
