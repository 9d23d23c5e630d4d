/// A senior manager's written permission to supply a held customer
/// (R-OVR-1..6): personal, justified in writing, and always bounded — by the
/// hold reasons it was granted for, a time, and optionally by an amount per
/// CHECK, a total, one order and a count of uses.
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
    /// The most it may let through in all, summed over the orders that passed.
    public let total: Money?
    /// The hold reasons it covers: those present at issue, or those it named.
    public let reasons: HoldReason
    /// The customer's exposure when it was issued (R-UNB-5).
    public let exposure: Money
    /// The written justification (R-OVR-3); for a phone approval, the call.
    public let note: String
    /// For a phone approval not yet confirmed: when it lapses (R-OVR-6).
    public internal(set) var lapses: Instant?
    public internal(set) var confirmed: Instant?
    public internal(set) var revoked: Revocation?
    /// The orders that passed through it, each counted once, with the amount it spent on each.
    public internal(set) var passed: [Pass]

    public init(
        id: String, customer: String, manager: String, recordedBy: String, issued: Instant,
        until: Instant, maximumAmount: Money?, order: String?, uses: Int?, total: Money? = nil,
        reasons: HoldReason, exposure: Money, note: String, lapses: Instant?
    ) {
        self.id = id
        self.customer = customer
        self.manager = manager
        self.recordedBy = recordedBy
        self.issued = issued
        self.until = until
        self.maximumAmount = maximumAmount
        self.order = order
        self.uses = uses
        self.total = total
        self.reasons = reasons
        self.exposure = exposure
        self.note = note
        self.lapses = lapses
        self.confirmed = nil
        self.revoked = nil
        self.passed = []
    }

    public var viaPhone: Bool { manager != recordedBy }

    /// A phone approval its manager has not confirmed yet (R-OVR-6).
    public var awaitingConfirmation: Bool { lapses != nil && confirmed == nil }

    /// The orders that passed through it.
    public var usedBy: [String] { passed.map(\.order) }

    /// What the orders that passed through it spent of `total=`.
    public var spent: Money {
        var sum: Int64 = 0
        for pass in passed { sum += pass.amount.minorUnits }
        return Money(minorUnits: sum)
    }

    /// Its bounds as `key=value` words — `manager=… until=… [amount=…] [total=…] [order=…] [uses=…]
    /// reasons=…` — shared by the OVERRIDE reply, STATUS, OVERRIDES and the audit trail.
    public var bounds: [String] {
        var words = ["manager=\(manager)", "until=\(until)"]
        if let maximumAmount { words.append("amount=\(maximumAmount)") }
        if let total { words.append("total=\(total)") }
        if let order { words.append("order=\(order)") }
        if let uses { words.append("uses=\(uses)") }
        words.append("reasons=\(reasons)")
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

    /// Whether it lets through a CHECK of `amount` for `order`, held for
    /// `held`, at `now`. A reason it was not granted for holds again. One
    /// limited by `uses=` or `total=` counts orders, so it passes only CHECKs
    /// that name one; an order that already passed through it passes again
    /// (a terminal's retry), even when that used the last use, and a retry
    /// with another amount spends that amount instead. An unconfirmed phone
    /// approval passes at most `phoneMaximum` per CHECK.
    public func covers(amount: Money, order: String?, held: HoldReason, phoneMaximum: Money, at now: Instant) -> Bool {
        guard revoked == nil, now < expires, reasons.isSuperset(of: held) else { return false }
        if let maximumAmount, amount > maximumAmount { return false }
        if awaitingConfirmation, amount > phoneMaximum { return false }
        if let scope = self.order, scope != order { return false }
        guard uses != nil || total != nil else { return true }
        guard let order else { return false }
        let earlier = passed.first { $0.order == order }
        if let uses, passed.count >= uses, earlier == nil { return false }
        if let total {
            let others = spent.minorUnits - (earlier?.amount.minorUnits ?? 0)
            if others + amount.minorUnits > total.minorUnits { return false }
        }
        return true
    }

    /// Records that `order` passed through it for `amount`; returns whether anything changed.
    mutating func spend(_ amount: Money, on order: String) -> Bool {
        if let index = passed.firstIndex(where: { $0.order == order }) {
            guard total != nil, passed[index].amount != amount else { return false }
            passed[index].amount = amount
            return true
        }
        passed.append(Pass(order: order, amount: amount))
        return true
    }

    /// How narrow it is, for choosing among overrides that all cover a CHECK
    /// (smaller first): one made for this order, then the least left of
    /// `total=`, the fewest uses left, the smallest `amount=`, the soonest
    /// end, the oldest.
    public func narrowness(for order: String?) -> [Int64] {
        [
            self.order != nil && self.order == order ? 0 : 1,
            total.map { $0.minorUnits - spent.minorUnits } ?? Int64.max,
            uses.map { Int64($0 - passed.count) } ?? Int64.max,
            maximumAmount?.minorUnits ?? Int64.max,
            expires.secondsSinceEpoch,
            Int64(id.dropFirst(3)) ?? Int64.max,
        ]
    }

    /// One order that passed through an override, and what it spent.
    public struct Pass: Hashable, Sendable {
        public let order: String
        public internal(set) var amount: Money
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
