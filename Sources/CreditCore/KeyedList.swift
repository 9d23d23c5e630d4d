/// An element found by a key that is unique in its list: an invoice's id, a
/// payment's ref. The key never changes once the element is in a list.
public protocol Keyed {
    var key: String { get }
}

/// A persistent list whose elements are also found by key. Up to
/// `indexedFrom` elements a lookup walks the list; past that a hash index
/// (`PlaceSet` of hash and position, shared between versions like the list)
/// finds one in O(log n), so a PAY or INVOICE on a customer with 40,000 items
/// does not compare 40,000 ids to find out whether it is a resend.
public struct KeyedList<Element: Keyed & Sendable>: Sendable {
    public private(set) var elements: PersistentList<Element>
    private var index: PlaceSet?

    /// Lists longer than this keep an index.
    static var indexedFrom: Int { 32 }

    public init() {
        elements = []
        index = nil
    }

    public init<S: Sequence>(_ elements: S) where S.Element == Element {
        self.init()
        for element in elements { append(element) }
    }

    /// Kept as `PersistentList(elements)` keeps them (a short list: the array itself).
    public init(_ elements: [Element]) {
        self.elements = PersistentList(elements)
        index = elements.count > Self.indexedFrom ? Self.index(of: self.elements) : nil
    }

    public mutating func append(_ element: Element) {
        elements.append(element)
        if index != nil {
            index!.insert(Self.place(element.key, elements.count - 1))
        } else if elements.count > Self.indexedFrom {
            index = Self.index(of: elements)
        }
    }

    private static func index(of elements: PersistentList<Element>) -> PlaceSet {
        var built = PlaceSet()
        for position in elements.indices { built.insert(place(elements[position].key, position)) }
        return built
    }

    /// The position of the element with `key`, if there is one.
    public func position(of key: String) -> Int? {
        guard let index else { return elements.firstIndex { $0.key == key } }
        let hash = Int64(truncatingIfNeeded: key.hashValue)
        var found: Int?
        index.forEach(from: PlaceSet.Place(rank: hash, position: .min)) { place in
            guard place.rank == hash else { return false }
            if elements[place.position].key == key { found = place.position }
            return found == nil
        }
        return found
    }

    public func element(_ key: String) -> Element? { position(of: key).map { elements[$0] } }

    private static func place(_ key: String, _ position: Int) -> PlaceSet.Place {
        PlaceSet.Place(rank: Int64(truncatingIfNeeded: key.hashValue), position: position)
    }

    /// Replaces the element at `position` with one under another key (VOID frees an invoice id).
    public mutating func rekey(at position: Int, to element: Element) {
        if index != nil {
            index!.remove(Self.place(elements[position].key, position))
            index!.insert(Self.place(element.key, position))
        }
        elements[position] = element
    }

    /// Whether the index finds every element at its place (tests).
    var indexIsSound: Bool {
        guard let index else { return elements.count <= Self.indexedFrom }
        return index.places.count == elements.count
            && elements.indices.allSatisfy { index.contains(Self.place(elements[$0].key, $0)) }
    }
}

extension KeyedList: RandomAccessCollection, MutableCollection {
    public var startIndex: Int { 0 }
    public var endIndex: Int { elements.count }
    public var count: Int { elements.count }
    public var isEmpty: Bool { elements.isEmpty }

    /// Replacing an element keeps its key (the key's place in the index stays right).
    public subscript(position: Int) -> Element {
        get { elements[position] }
        set {
            precondition(newValue.key == elements[position].key, "an element's key does not change")
            elements[position] = newValue
        }
    }
}

extension KeyedList: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: Element...) {
        self.init(elements)
    }
}

/// The index is derived from the elements: equal elements make equal lists.
extension KeyedList: Equatable where Element: Equatable {
    public static func == (lhs: KeyedList, rhs: KeyedList) -> Bool { lhs.elements == rhs.elements }
}

extension KeyedList: Hashable where Element: Hashable {
    public func hash(into hasher: inout Hasher) { hasher.combine(elements) }
}

extension Payment: Keyed {
    public var key: String { ref }
}

extension Invoice: Keyed {
    /// A voided invoice gives up its id (identifiers never hold a control character).
    public var key: String { voided ? "\u{1}void \(ordinal)" : id }
}
