import CreditCore

/// A deliberately plain model of the credit rules, written apart from
/// `Ledger`: integers for money and days, its own item list and settlement
/// loop, its own override bookkeeping. The randomized test runs both side by
/// side and requires them to agree.
struct ReferenceModel {
    struct Item {
        let id: String
        let amount: Int64
        let issued: Int
        let due: Int
        let order: String?
        var open: Int64
    }

    struct Account {
        var ownLimit: Int64?
        var strategic = false
        var blocked = false
        var items: [Item] = []
        var credit: Int64 = 0
        var payments: [String: (amount: Int64, invoice: String?)] = [:]
        /// Credit set aside per order that passed CHECK, until its invoice or three days.
        var reservations: [String: (amount: Int64, expires: Int64)] = [:]

        func reserved(now: Int64, except order: String?) -> Int64 {
            reservations.filter { $0.key != order && $0.value.expires > now }.reduce(0) { $0 + $1.value.amount }
        }

        var limit: Int64 { ownLimit ?? ReferenceModel.classLimit }
        var exposure: Int64 { items.reduce(0) { $0 + $1.open } - credit }

        /// Oldest-due first, ties in the order recorded; the named item before all.
        mutating func settle(_ amount: Int64, first: String?) -> Int64 {
            var remaining = amount
            if let first, let index = items.firstIndex(where: { $0.id == first }) {
                let part = min(remaining, items[index].open)
                items[index].open -= part
                remaining -= part
            }
            while remaining > 0 {
                var pick: Int?
                for index in items.indices where items[index].open > 0 {
                    if pick == nil || items[index].due < items[pick!].due { pick = index }
                }
                guard let index = pick else { break }
                let part = min(remaining, items[index].open)
                items[index].open -= part
                remaining -= part
            }
            return remaining
        }

        /// Days past due of the oldest open item, 0 when none is past due.
        func overdueDays(today: Int) -> Int {
            // Residues under the policy minimum (5.00) never count (R-BLK-8).
            let dues = items.filter { $0.open >= 500 }.map(\.due)
            guard let oldest = dues.min() else { return 0 }
            return max(0, today - oldest)
        }
    }

    struct Grant {
        let id: String
        let number: Int
        let customer: String
        let manager: String
        let issued: Int64
        let until: Int64
        var lapses: Int64?
        let amount: Int64?
        let total: Int64?
        let order: String?
        let uses: Int?
        let reasons: HoldReason
        var usedBy: [String] = []
        var spentOn: [String: Int64] = [:]
        var revoked = false

        func ended(at now: Int64) -> Bool {
            revoked || now >= until || (lapses.map { now >= $0 } ?? false)
        }

        var spent: Int64 { spentOn.values.reduce(0, +) }

        func lets(amount asked: Int64, order asking: String?, held: HoldReason, at now: Int64) -> Bool {
            if ended(at: now) { return false }
            // A reason it was not granted for holds again.
            if !reasons.isSuperset(of: held) { return false }
            if let amount, asked > amount { return false }
            // An unconfirmed phone approval passes small amounts only.
            if lapses != nil, asked > ReferenceModel.phoneAmountMax { return false }
            if let order, order != asking { return false }
            // A count of uses or a total counts orders: a CHECK must name one.
            if uses != nil || total != nil {
                guard let asking else { return false }
                if let uses, usedBy.count >= uses, !usedBy.contains(asking) { return false }
                if let total, spent - (spentOn[asking] ?? 0) + asked > total { return false }
            }
            return true
        }

        /// Smaller is narrower: made for this order, least total left, fewest uses left, smallest amount, soonest end, oldest.
        func narrowness(order asking: String?) -> [Int64] {
            [
                order != nil && order == asking ? 0 : 1,
                total.map { $0 - spent } ?? .max,
                uses.map { Int64($0 - usedBy.count) } ?? .max,
                amount ?? .max,
                min(until, lapses ?? .max),
                Int64(number),
            ]
        }
    }

    static let classLimit: Int64 = 1_000_000  // class B, the default
    static let grace = 30
    static let terms = 30
    static let longestOverride: Int64 = 7 * 86_400
    static let phoneWindow: Int64 = 86_400
    static let phoneAmountMax: Int64 = 100_000
    static let renewals = 3
    static let renewalWindow: Int64 = 30 * 86_400

    var accounts: [String: Account] = [:]
    var grants: [Grant] = []
    /// Managers and their override ceilings (nil: none); ada is an admin, not a manager.
    let managers: [String: Int64?] = ["dana": nil, "mo": nil, "vic": 150_000]

    // MARK: commands; each returns the refusal it expects, or nil after changing the model

    /// Four eyes: a higher limit or strategic=yes is a manager's change (a new customer is
    /// compared with the class default); lowering stays a clerk's.
    mutating func customer(_ id: String, limit: Int64?, strategic: Bool?, actor: Actor) -> ErrorCode? {
        var account = accounts[id] ?? Account()
        let before = account
        if let limit { account.ownLimit = limit }
        if let strategic { account.strategic = strategic }
        let raises = account.limit > before.limit || (account.strategic && !before.strategic)
        if raises, actor.role < .manager { return .approvalRequired }
        accounts[id] = account
        return nil
    }

    mutating func invoice(
        _ customer: String, _ id: String, amount: Int64, issued: Int, due: Int?,
        order: String?
    ) -> ErrorCode? {
        guard var account = accounts[customer] else { return .unknownCustomer }
        if let existing = account.items.first(where: { $0.id == id }) {
            // A resend that leaves the due date out agrees with any due date.
            let same =
                existing.amount == amount && existing.issued == issued && existing.due == (due ?? existing.due)
                && existing.order == order
            return same ? nil : .duplicateInvoice
        }
        let due = due ?? issued + ReferenceModel.terms
        account.items.append(Item(id: id, amount: amount, issued: issued, due: due, order: order, open: amount))
        if let order { account.reservations[order] = nil }
        if account.credit > 0 { account.credit = account.settle(account.credit, first: nil) }
        accounts[customer] = account
        return nil
    }

    mutating func pay(_ customer: String, amount: Int64, ref: String, invoice: String?) -> ErrorCode? {
        guard var account = accounts[customer] else { return .unknownCustomer }
        if let earlier = account.payments[ref] {
            return earlier.amount == amount && earlier.invoice == invoice ? nil : .refConflict
        }
        if let invoice, !account.items.contains(where: { $0.id == invoice }) { return .unknownInvoice }
        account.credit += account.settle(amount, first: invoice)
        account.payments[ref] = (amount, invoice)
        accounts[customer] = account
        return nil
    }

    mutating func block(_ customer: String) -> ErrorCode? {
        guard accounts[customer] != nil else { return .unknownCustomer }
        if accounts[customer]!.blocked { return .alreadyBlocked }
        accounts[customer]!.blocked = true
        return nil
    }

    mutating func unblock(_ customer: String) -> ErrorCode? {
        guard accounts[customer] != nil else { return .unknownCustomer }
        if !accounts[customer]!.blocked { return .notBlocked }
        accounts[customer]!.blocked = false
        return nil
    }

    mutating func override(
        _ customer: String, actor: Actor, phone: String?, seconds: Int64, amount: Int64?,
        total: Int64?, order: String?, uses: Int?, reasons named: HoldReason?, now: Int64,
        today: Int
    ) -> ErrorCode? {
        guard accounts[customer] != nil else { return .unknownCustomer }
        let manager = phone ?? actor.name
        if phone != nil {
            if managers[manager] == nil { return .notAManager }
        } else if actor.role != .manager {
            return .forbidden
        }
        if seconds > ReferenceModel.longestOverride { return .overrideTooLong }
        let reasons = named ?? held(customer, amount: 0, today: today, now: now, order: nil)
        if reasons.isEmpty { return .notHeld }
        var total = total
        if let ceiling = managers[manager] ?? nil {
            if (amount ?? 0) > ceiling || (total ?? 0) > ceiling { return .aboveCeiling }
            total = total ?? ceiling
        }
        let recent = grants.filter { $0.customer == customer && $0.issued > now - ReferenceModel.renewalWindow }.count
        if recent >= ReferenceModel.renewals { return .overrideLimit }
        grants.append(
            Grant(
                id: "OV-\(grants.count + 1)", number: grants.count + 1, customer: customer, manager: manager,
                issued: now, until: now + seconds, lapses: phone == nil ? nil : now + ReferenceModel.phoneWindow,
                amount: amount, total: total, order: order, uses: uses, reasons: reasons))
        return nil
    }

    mutating func confirm(_ id: String, actor: Actor, now: Int64) -> ErrorCode? {
        guard let index = grants.firstIndex(where: { $0.id == id }) else { return .unknownOverride }
        if actor.role != .manager { return .forbidden }
        if grants[index].manager != actor.name { return .notYourOverride }
        if grants[index].ended(at: now) { return .overrideEnded }
        grants[index].lapses = nil
        return nil
    }

    mutating func revoke(_ id: String, now: Int64) -> ErrorCode? {
        guard let index = grants.firstIndex(where: { $0.id == id }) else { return .unknownOverride }
        if grants[index].ended(at: now) { return .overrideEnded }
        grants[index].revoked = true
        return nil
    }

    struct Verdict: Equatable {
        var reasons: HoldReason
        var warnings: HoldReason
        var grant: String?
    }

    /// What is true of the customer now, before the strategic flag and overrides.
    func facts(_ customer: String, amount: Int64, today: Int, now: Int64, order: String?) -> HoldReason {
        let account = accounts[customer]!
        var facts: HoldReason = []
        if account.blocked { facts.insert(.manual) }
        if account.exposure + account.reserved(now: now, except: order) + amount > account.limit {
            facts.insert(.overLimit)
        }
        if account.overdueDays(today: today) > ReferenceModel.grace { facts.insert(.overdue) }
        return facts
    }

    /// The reasons that hold the customer: the facts, less what a strategic customer is only warned of.
    func held(_ customer: String, amount: Int64, today: Int, now: Int64, order: String?) -> HoldReason {
        var reasons = facts(customer, amount: amount, today: today, now: now, order: order)
        if accounts[customer]!.strategic { reasons.subtract([.overLimit, .overdue]) }
        return reasons
    }

    mutating func check(_ customer: String, amount: Int64, order: String?, now: Int64, today: Int) -> Verdict? {
        guard let account = accounts[customer] else { return nil }
        var reasons = facts(customer, amount: amount, today: today, now: now, order: order)
        var warnings: HoldReason = []
        if account.strategic {
            warnings = reasons.intersection([.overLimit, .overdue])
            reasons.subtract([.overLimit, .overdue])
        }
        guard !reasons.isEmpty else {
            reserve(customer, order, amount, now: now)
            return Verdict(reasons: [], warnings: warnings, grant: nil)
        }
        // A retry goes through the grant its order used before; else the narrowest that lets it through.
        let letting = grants.indices.filter {
            grants[$0].customer == customer && grants[$0].lets(amount: amount, order: order, held: reasons, at: now)
        }
        let retry = letting.first { position in order.map { grants[position].usedBy.contains($0) } ?? false }
        guard
            let index = retry
                ?? letting.min(by: {
                    grants[$0].narrowness(order: order).lexicographicallyPrecedes(grants[$1].narrowness(order: order))
                })
        else { return Verdict(reasons: reasons, warnings: warnings, grant: nil) }
        if let order {
            if !grants[index].usedBy.contains(order) { grants[index].usedBy.append(order) }
            if grants[index].total != nil { grants[index].spentOn[order] = amount }
        }
        reserve(customer, order, amount, now: now)
        return Verdict(reasons: [], warnings: warnings, grant: grants[index].id)
    }

    /// A CHECK for an order that passes sets its amount aside for three days.
    mutating func reserve(_ customer: String, _ order: String?, _ amount: Int64, now: Int64) {
        guard let order, var account = accounts[customer] else { return }
        if let live = account.reservations[order], live.expires > now, live.amount == amount { return }
        account.reservations[order] = (amount, now + 3 * 86_400)
        accounts[customer] = account
    }
}
