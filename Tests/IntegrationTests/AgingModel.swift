/// The book as protocol.md describes it, for `AgingAcceptanceTests`: invoices due on net or
/// end-of-month terms; payments and credit settle the named invoice first, then the open,
/// undisputed items due longest (the earlier recorded of equals), and what is left is credit that
/// settles the next invoices; an instrument settles like a payment and stays in hand until
/// CLEARED, and BOUNCED reopens what it settled (which credit then pays); RESOLVE lets credit pay
/// the resolved item first; PROMISE and PLAN change no open amount. It also writes the requests
/// that build such a book, each one valid for the state the model is in.
struct AgingModel {
    struct Item {
        let id: String
        let due: CivilDay
        var open: Int64
        var disputed = false
    }

    struct Instrument {
        let ref: String
        let amount: Int64
        let settled: [(item: Int, amount: Int64)]
    }

    struct Account {
        let id: String
        let name: String
        var items: [Item] = []
        var credit: Int64 = 0
        var pending: [Instrument] = []
        var planned = false
        var payments = 0

        /// Applies `amount` to the named item (when open, disputed or not), then oldest due first.
        mutating func settle(_ amount: Int64, first: Int?) -> (settled: [(item: Int, amount: Int64)], left: Int64) {
            var left = amount
            var settled: [(Int, Int64)] = []
            var next = first.flatMap { items[$0].open > 0 ? $0 : nil }
            while left > 0, let index = next ?? oldestDue() {
                next = nil
                let part = min(left, items[index].open)
                items[index].open -= part
                left -= part
                settled.append((index, part))
            }
            return (settled, left)
        }

        func oldestDue() -> Int? {
            var oldest: Int?
            for index in items.indices where items[index].open > 0 && !items[index].disputed {
                if oldest == nil || items[index].due < items[oldest!].due { oldest = index }
            }
            return oldest
        }

        var undisputedOpen: Int64 { items.filter { !$0.disputed }.reduce(0) { $0 + $1.open } }
    }

    var accounts: [Account] = []
    var resolved = 0

    static func money(_ cents: Int64) -> String {
        "\(cents / 100)." + (cents % 100 < 10 ? "0" : "") + "\(cents % 100)"
    }

    /// One customer's requests, applied to the model as they are written.
    mutating func generate(customer number: Int, on today: CivilDay, using random: inout SplitMix64) -> [String] {
        var account = Account(
            id: "A\(number)", name: ["Customer \(number)", "לקוח \(number)", "Клиент \(number)"][number % 3])
        let eom = Bool.random(using: &random)
        let days = [0, 30, 45, 60].randomElement(using: &random)!
        var lines = [
            #"CUSTOMER \#(account.id) name="\#(account.name)" limit=1000000 terms=\#(eom ? "eom+\(days)" : "\(days)") note="generated""#
        ]
        func invoice() {
            let issued = today + -Int.random(in: 0...240, using: &random)
            let amount = Int64.random(in: 1...500_000, using: &random)
            let id = "I\(account.items.count + 1)"
            let due = eom ? issued.endOfMonth + days : issued + days
            account.items.append(Item(id: id, due: due, open: amount))
            if account.credit > 0 { account.credit = account.settle(account.credit, first: nil).left }
            lines.append("INVOICE \(account.id) \(id) \(Self.money(amount)) date=\(issued.text)")
        }
        for _ in 0..<Int.random(in: 1...3, using: &random) { invoice() }
        for _ in 0..<Int.random(in: 1...5, using: &random) {
            let item = Int.random(in: 0..<account.items.count, using: &random)
            switch Int.random(in: 0..<10, using: &random) {
            case 0: invoice()
            case 1, 2:
                let amount = Int64.random(in: 1...300_000, using: &random)
                let named = Bool.random(using: &random) ? item : nil
                account.payments += 1
                account.credit += account.settle(amount, first: named).left
                lines.append(
                    "PAY \(account.id) \(Self.money(amount)) ref=P\(account.payments)"
                        + (named.map { " invoice=\(account.items[$0].id)" } ?? ""))
            case 3, 4:
                if account.items[item].disputed {
                    account.items[item].disputed = false
                    resolved += 1
                    if account.credit > 0 { account.credit = account.settle(account.credit, first: item).left }
                    lines.append(#"RESOLVE \#(account.id) \#(account.items[item].id) note="credit note agreed""#)
                } else {
                    account.items[item].disputed = true
                    lines.append(#"DISPUTE \#(account.id) \#(account.items[item].id) note="short delivery""#)
                }
            case 5, 6:
                let open = account.undisputedOpen
                guard open > 0 else { continue }
                let amount = Int64.random(in: 1...open, using: &random)
                let ref = "Q\(number)-\(account.pending.count + 1)"
                account.pending.append(
                    Instrument(ref: ref, amount: amount, settled: account.settle(amount, first: nil).settled))
                lines.append(
                    "INSTRUMENT \(account.id) \(ref) \(Self.money(amount)) due=\((today + Int.random(in: 1...120, using: &random)).text)"
                )
            case 7:
                guard let index = account.pending.indices.randomElement(using: &random),
                    !lines.contains(where: { $0.hasSuffix(" " + account.pending[index].ref) })
                else { continue }
                let instrument = account.pending[index]
                if Bool.random(using: &random) {
                    for (item, amount) in instrument.settled { account.items[item].open += amount }
                    if account.credit > 0 { account.credit = account.settle(account.credit, first: nil).left }
                    lines.append("BOUNCED \(instrument.ref)")
                } else {
                    lines.append("CLEARED \(instrument.ref)")
                }
                account.pending[index] = Instrument(ref: instrument.ref, amount: 0, settled: [])
            case 8:
                let open = account.undisputedOpen
                guard !account.planned, open > 0 else { continue }
                account.planned = true
                lines.append(
                    "PLAN \(account.id) total=\(Self.money(Int64.random(in: 1...open, using: &random))) instalments=6"
                        + #" every=30d first=\#((today + 10).text) note="six months""#)
            default:
                lines.append(
                    "PROMISE \(account.id) \(Self.money(Int64.random(in: 1...100_000, using: &random)))"
                        + #" by=\#((today + Int.random(in: 0...30, using: &random)).text) note="by phone""#)
            }
        }
        accounts.append(account)
        return lines
    }

    /// `AGING detail=yes` as protocol.md says it reads: by customer id, then the book.
    func agingLines(on today: CivilDay) -> [String] {
        var book: [Int64] = [0, 0, 0, 0, 0, 0, 0]
        var rows: [String] = []
        func line(_ customer: String, _ buckets: [Int64]) -> String {
            let names = ["current", "d1_30", "d31_60", "d61_90", "d91_120", "d120_plus"]
            return "aging customer=\(customer) "
                + zip(names, buckets).map { "\($0)=\(Self.money($1))" }.joined(separator: " ")
                + " total=\(Self.money(buckets.prefix(6).reduce(0, +))) instruments=\(Self.money(buckets[6])) charges=0.00"
        }
        for account in accounts.sorted(by: { $0.id < $1.id }) {
            var buckets: [Int64] = [0, 0, 0, 0, 0, 0, 0]
            for item in account.items where item.open > 0 {
                let late = today.days - item.due.days
                buckets[late <= 0 ? 0 : min(5, (late - 1) / 30 + 1)] += item.open
            }
            buckets[6] = account.pending.reduce(0) { $0 + $1.amount }
            for index in buckets.indices { book[index] += buckets[index] }
            rows.append(line("\(account.id) name=\"\(account.name)\"", buckets))
        }
        return rows + [line("*", book)]
    }
}
