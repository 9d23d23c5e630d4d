/// A senior manager's written permission to supply a held customer
/// (R-OVR-1..6): personal, justified in writing, and always bounded — by a
/// time, and optionally by an amount per CHECK, one order and a count of uses.
public struct Override: Hashable, Sendable {
    /// `OV-<n>`, unique for the life of the server.
    public let id: String
    public let customer: String
    /// The manager whose authority this is (R-OVR-2).
    public let manager: String
    /// Who entered it: the manager, or the clerk who took the manager's call (R-OVR-6).
    public let recordedBy: String
    public let issued: Instant
    /// The bound the manager set (`for=` or `until=`).
    public let until: Instant
    /// The largest CHECK amount it lets through.
    public let maximumAmount: Money?
    /// The one order it is for.
    public let order: String?
    /// How many orders it may let through.
    public let uses: Int?
    /// The written justification (R-OVR-3); for a phone approval, the call.
    public let note: String
    /// For a phone approval not yet confirmed: when it lapses (R-OVR-6).
    public internal(set) var lapses: Instant?
    public internal(set) var confirmed: Instant?
    public internal(set) var revoked: Revocation?
    /// The orders that passed through it, each counted once.
    public internal(set) var usedBy: [String]

    public init(id: String, customer: String, manager: String, recordedBy: String, issued: Instant,
                until: Instant, maximumAmount: Money?, order: String?, uses: Int?, note: String,
                lapses: Instant?) {
        self.id = id
        self.customer = customer
        self.manager = manager
        self.recordedBy = recordedBy
        self.issued = issued
        self.until = until
        self.maximumAmount = maximumAmount
        self.order = order
        self.uses = uses
        self.note = note
        self.lapses = lapses
        self.confirmed = nil
        self.revoked = nil
        self.usedBy = []
    }

    public var viaPhone: Bool { manager != recordedBy }

    /// Its bounds as `key=value` words — `manager=… until=… [amount=…] [order=…] [uses=…]` —
    /// shared by the OVERRIDE reply, STATUS and the audit trail.
    public var bounds: [String] {
        var words = ["manager=\(manager)", "until=\(until)"]
        if let maximumAmount { words.append("amount=\(maximumAmount)") }
        if let order { words.append("order=\(order)") }
        if let uses { words.append("uses=\(uses)") }
        return words
    }

    /// When it stops working by time, whichever bound comes first.
    public var expires: Instant {
        var end = until
        if let lapses { end = min(end, lapses) }
        if let revoked { end = min(end, revoked.at) }
        return end
    }

    /// Why it no longer works at `now`, or nil while it is live.
    public func ended(at now: Instant) -> Ending? {
        if revoked != nil { return .revoked }
        if let lapses, now >= lapses, lapses < until { return .lapsed }
        if now >= until { return .expired }
        if let uses, usedBy.count >= uses { return .usedUp }
        return nil
    }

    /// Whether it lets through a CHECK of `amount` for `order` at `now`. One
    /// limited by `uses=` counts orders, so it passes only CHECKs that name
    /// one; an order that already passed through it passes again (a
    /// terminal's retry), even when that used the last use.
    public func covers(amount: Money, order: String?, at now: Instant) -> Bool {
        guard revoked == nil, now < expires else { return false }
        if let maximumAmount, amount > maximumAmount { return false }
        if let scope = self.order, scope != order { return false }
        guard let uses else { return true }
        guard let order else { return false }
        return usedBy.count < uses || usedBy.contains(order)
    }

    public enum Ending: String, Sendable {
        case revoked, lapsed, expired
        case usedUp = "used-up"
    }
}

/// Who ended an override early, when, and why.
public struct Revocation: Hashable, Sendable {
    public let at: Instant
    public let by: String
    public let note: String

    public init(at: Instant, by: String, note: String) {
        self.at = at
        self.by = by
        self.note = note
    }
}
