import CreditCore
import CreditProtocol

/// A grammar of valid-but-odd request lines for every verb that changes the
/// books (the replay fuzzer's, kept): values at and past the length limit, with
/// quotes, backslashes, `=`, tabs, Hebrew, Bulgarian, emoji, combining marks
/// and zero-width spaces, quoted or bare; extreme dates, instants, durations
/// and amounts; ids from a small pool so that requests meet (an order id
/// reused, a ref resent, an override confirmed after its manager went); verbs
/// and keys in mixed case. Most lines are accepted; the refusals are the
/// point too. Deterministic for a seed.
struct OddRequests {
    var random: SplitMix64

    static let customers = ["C1", "C2", "C3", "Z/9", "k.a_b-c:d", String(repeating: "L", count: 64)]
    static let orders = (0..<8).map { "O\($0)" }
    static let userNames = ["eve", "Dana", "mo", "system", "SERVER", "x", "pos2", "dana"]
    static let pieces = [
        "a", "Z", " ", "\"", "\\", "=", "שלום", "България", "😀", "\u{200B}", "e\u{301}", "\t",
        "note=", "\\\"", "ﬀ", ".", "\u{FEFF}",
    ]

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    mutating func chance(_ percent: Int) -> Bool { random.below(100) < percent }

    /// One request line, given the state it will meet (for ids that exist; `charges`: the ids
    /// CHARGES proposes for a customer now).
    mutating func line(now: Instant, nextOverride: Int, users: [String], charges: (String) -> [String] = { _ in [] })
        -> String
    {
        let customer = self.customer()
        switch random.below(29) {
        case 0, 1:
            var words = [verb("CUSTOMER"), customer]
            if chance(60) { words.append(key("name") + value()) }
            if chance(50) { words.append(key("limit") + money()) }
            if chance(30) { words.append(key("terms") + random.pick(["0", "30", "3650", "3651", "-1", "45"])) }
            if chance(20) { words.append(key("class") + random.pick(["A", "b", "C", "D", "E"])) }
            if chance(15) { words.append(key("strategic") + random.pick(["yes", "NO", "maybe"])) }
            if chance(15) { words.append(key("contact") + value()) }
            if chance(10) {
                words.append(
                    key("phone") + random.pick(["+972-3-5551234", "\"+359 2 123 456\"", "12", "\"\"", "call"]))
            }
            if chance(10) { words.append(key("email") + random.pick(["a@b.bg", "x@", "\"\"", "שלום@דוגמה.ישראל"])) }
            if chance(10) { words.append(key("owner") + random.pick(users + ["ghost", "\"\""])) }
            return words.joined(separator: " ")
        case 2, 3, 4:
            var words = [verb("INVOICE"), customer, "I\(random.below(30))", money()]
            if chance(40) { words.append(key("date") + day(now)) }
            if chance(30) { words.append(key("due") + day(now)) }
            if chance(30) { words.append(key("order") + order()) }
            return words.joined(separator: " ")
        case 5, 6:
            return [verb("PAY"), customer, money(), key("ref") + "R\(random.below(40))"]
                .joined(separator: " ") + (chance(30) ? " " + key("invoice") + "I\(random.below(30))" : "")
        case 7:
            return [
                verb("BLOCK"), customer, key("reason") + random.pick(["FRAUD", "late_1", "x", "BAD-CODE"]),
                key("note") + value(),
            ].joined(separator: " ")
        case 8:
            return [verb("UNBLOCK"), customer, key("note") + value()].joined(separator: " ")
        case 9, 10:
            var words = [verb("OVERRIDE"), customer]
            if chance(60) { words.append(key("for") + span()) } else { words.append(key("until") + instant(now)) }
            if chance(30) { words.append(key("amount") + money()) }
            if chance(30) { words.append(key("order") + order()) }
            if chance(30) { words.append(key("uses") + random.pick(["1", "2", "1000", "1001", "0"])) }
            if chance(40) { words += [key("by") + random.pick(users + ["ghost"]), key("via") + "phone"] }
            words.append(key("note") + value())
            return words.joined(separator: " ")
        case 11: return [verb("CONFIRM"), override(nextOverride)].joined(separator: " ")
        case 12: return [verb("REVOKE"), override(nextOverride), key("note") + value()].joined(separator: " ")
        case 13, 14:
            return [verb("CHECK"), customer, money()].joined(separator: " ")
                + (chance(80) ? " " + key("order") + order() : "")
        case 15:
            return [verb("INSTRUMENT"), customer, "Q\(random.below(10))", money(), key("due") + day(now)]
                .joined(separator: " ")
        case 16: return [verb(random.pick(["CLEARED", "BOUNCED"])), "Q\(random.below(10))"].joined(separator: " ")
        case 17:
            return [verb("GUARANTEE"), customer, "G\(random.below(10))", money()].joined(separator: " ")
                + (chance(50) ? " " + key("until") + day(now) : "")
        case 18:
            return chance(50)
                ? [verb("RELEASE"), "G\(random.below(10))"].joined(separator: " ")
                : [verb("RELEASE"), verb("ORDER"), order()].joined(separator: " ")
        case 19:
            return [verb("CREDIT"), customer, "N\(random.below(20))", money()].joined(separator: " ")
                + (chance(30) ? " " + key("invoice") + "I\(random.below(30))" : "")
        case 20:
            return [
                verb(random.pick(["DISPUTE", "RESOLVE"])), customer, "I\(random.below(30))", key("note") + value(),
            ]
            .joined(separator: " ")
        case 21:
            return [verb("PROMISE"), customer, money(), key("by") + day(now), key("note") + value()].joined(
                separator: " ")
        case 22:
            return [
                verb("PLAN"), customer, key("total") + money(),
                key("instalments") + random.pick(["1", "12", "120", "121"]),
                key("every") + random.pick(["1d", "30d", "366d", "367d", "2h"]), key("first") + day(now),
                key("note") + value(),
            ].joined(separator: " ")
        case 23:
            return [
                verb("STAGE"), customer, random.pick(["none", "reminder", "CALL", "final", "agency", "legal", "jail"]),
                key("note") + value(),
            ].joined(separator: " ")
        case 24:
            var words = [
                verb("NOTE"), customer, key("channel") + random.pick(["call", "Meeting", "email", "pigeon"]),
                key("note") + value(),
            ]
            if chance(40) { words.append(key("outcome") + value()) }
            if chance(30) { words.append(key("follow_up") + day(now)) }
            return words.joined(separator: " ")
        case 25:
            let settings = (0..<(1 + random.below(3))).map { _ in
                random.pick([
                    "class.b.terms=" + random.pick(["0", "30", "3650"]), "order.hold=" + span(),
                    "override.maximum=" + span(), "phone.window=" + span(), "class.a.limit=" + money(),
                    "default.class=" + random.pick(["A", "C"]), "nonsense=1",
                    "class.\(random.pick(["a", "B", "c", "d"])).interest="
                        + random.pick(["0", "8.5", "100", "100.01", "7.125", "12"]),
                    "class.\(random.pick(["a", "b", "C", "d"])).late_fee=" + money(),
                ])
            }
            return ([verb("POLICY"), verb("SET")] + settings).joined(separator: " ")
        case 26, 27:
            let through = chance(80) ? now.utcDay.adding(days: -random.below(3)) : Day(parsing: day(now)) ?? now.utcDay
            let proposed = charges(customer)
            let id =
                !proposed.isEmpty && chance(70)
                ? random.pick(proposed)
                : chance(80)
                    ? "LC-\(1 + random.below(60))-" + through.description.filter { $0 != "-" }
                    : random.pick(["LC-1", "LC-x-20260101", "LC-3-20261340", "I\(random.below(30))"])
            return [
                verb("CHARGE"), customer, id, chance(50) ? random.pick(["0.01", "1", "5"]) : money(),
                key("note") + value(),
            ]
            .joined(separator: " ")
        default:
            let name = random.pick(OddRequests.userNames)
            return chance(60)
                ? [
                    verb("USER"), verb("ADD"), name,
                    key("role") + random.pick(["terminal", "clerk", "manager", "admin"]),
                ]
                .joined(separator: " ")
                : [verb("USER"), verb("DEL"), name].joined(separator: " ")
        }
    }

    // MARK: words

    mutating func verb(_ name: String) -> String { chance(10) ? name.lowercased() : name }

    mutating func key(_ name: String) -> String { (chance(5) ? name.uppercased() : name) + "=" }

    mutating func customer() -> String {
        chance(1) ? random.pick(["é", String(repeating: "L", count: 65)]) : random.pick(OddRequests.customers)
    }

    mutating func order() -> String { random.pick(OddRequests.orders) }

    mutating func override(_ next: Int) -> String { "OV-\(1 + random.below(next + 1))" }

    mutating func money() -> String {
        if chance(5) { return random.pick(["1000000000000", "0", "-5", "5.", "1e3"]) }
        return random.pick([
            "0.01", "1", "123.4", "250.50", "999999999999.99",
            "\(random.below(100_000)).\(random.below(100))", "\(1 + random.below(3000))",
        ])
    }

    mutating func day(_ now: Instant) -> String {
        if chance(70) { return now.utcDay.adding(days: random.below(90) - 30).description }
        if chance(10) { return random.pick(["2026-02-29", "10000-01-01", "2026-13-01"]) }
        return random.pick(["9999-12-31", "9999-12-30", "9999-11-15", "0001-01-01", "1969-12-31", "2028-02-29"])
    }

    mutating func instant(_ now: Instant) -> String {
        if chance(60) { return now.adding(Period(seconds: Int64(random.below(10 * 86_400)) - 3600)).description }
        return random.pick([
            "9999-12-31T23:59:59Z", "9999-12-31T00:00:00Z", "1970-01-01T00:00:00Z",
            "2026-03-01T24:00:00Z", "2026-03-01",
        ])
    }

    mutating func span() -> String {
        random.pick(["1s", "30m", "2h", "3d", "7d", "8d", "9999999d", "0d", "45s", "36h"])
    }

    /// Free text of odd pieces, short, long, at the limit or just past it,
    /// written bare when it can be and quoted (escaped) otherwise.
    mutating func value() -> String {
        let target: Int
        switch random.below(20) {
        case 0: target = 0
        case 1, 2: target = Limits.maximumTextLength - random.below(3)
        case 3: target = Limits.maximumTextLength + 1 + random.below(3)
        case 4, 5: target = 100 + random.below(800)
        default: target = 1 + random.below(24)
        }
        var text = ""
        while text.utf8.count < target {
            let piece = OddRequests.pieces[random.below(OddRequests.pieces.count)]
            let room = (target - text.utf8.count) / piece.utf8.count
            // Runs of a piece fill long values fast; near the target only one-byte pieces, so the
            // exact limit is hit as often as not.
            text +=
                room == 0
                ? random.pick(["a", "\\", "."])
                : String(repeating: piece, count: 1 + random.below(max(1, room / 4)))
        }
        let bare = !text.isEmpty && !text.contains { $0 == " " || $0 == "\t" || $0 == "\"" }
        return bare && chance(50) ? text : Quoting.quoted(text)
    }
}
