import CreditCore

/// Every verb of the protocol (Redis's command table): protocol.md has one
/// section per entry, and a test checks that the two list the same verbs.
public enum VerbTable {
    public static let all: [VerbSpec] = specs.enumerated().map { number, spec in
        var numbered = spec
        numbered.number = number
        numbered.hasSubverbs = spec.subverb == nil && specs.contains { $0.subverb != nil && $0.verbWord == spec.verbWord }
        return numbered
    }

    private static let specs: [VerbSpec] = [
        VerbSpec("CHECK", "CHECK <customer> [<amount>] [order=<ref>]",
                 "May we supply this customer, for this amount, now? OK or HOLD with the reasons.",
                 arguments: 1...2, keys: ["order"], role: .terminal, access: .read) { line, origin throws(CreditError) in
            var query = CheckQuery(customer: try line.identifier(0, "customer"),
                                   amount: try line.amount(1, positive: false) ?? .zero,
                                   order: try line.identifier("order"))
            guard origin == .journal else { return .check(query) }
            // A journaled CHECK is the use of an override for an order, or the audit entry of
            // refusals (count= and seconds= when it stands for more than one).
            if let count = try line.integer("count", in: 2...Int.max) {
                guard let seconds = try line.integer("seconds", in: 0...Int.max) else {
                    throw CreditError(.missingArgument, "count= needs seconds=")
                }
                query.repeated = Repetition(count: count, seconds: Int64(seconds))
            }
            return .command(.check(query))
        },
        VerbSpec("STATUS", "STATUS <customer>", "The whole account: terms, exposure, open items, blocks, overrides.",
                 arguments: 1...1, role: .terminal, access: .read) { line, _ throws(CreditError) in
            .status(customer: try line.identifier(0, "customer"))
        },
        VerbSpec("PING", "PING", "Answers PONG.", arguments: 0...0, role: nil, access: .session) { _, _ in .ping },
        VerbSpec("HELP", "HELP [<verb>]", "Lists the verbs, or the syntax of one.",
                 arguments: 0...1, role: nil, access: .session) { line, _ in
            .help(verb: line.positional(0).map { line.text($0).uppercased() })
        },
        VerbSpec("QUIT", "QUIT", "Closes the connection.", arguments: 0...0, role: nil, access: .session) { _, _ in .quit },
        VerbSpec("AUTH", "AUTH <user> <secret>", "Signs this connection in.",
                 arguments: 2...2, role: nil, access: .session) { line, _ throws(CreditError) in
            .auth(user: try line.identifier(0, "user"), secret: line.text(line.positional(1)!))
        },
        VerbSpec("CUSTOMER",
                 "CUSTOMER <id> [name=\"…\"] [limit=<money>] [until=<YYYY-MM-DD>] [terms=<days>|eom[+<days>]] [class=<A|B|C|D>] [strategic=yes|no] [review=<YYYY-MM-DD>] [contact=\"…\"] [phone=<phone>] [email=<address>] [owner=<user>] [note=\"…\"]",
                 "Creates a customer, or changes the fields given; a change that raises risk is a manager's, with a note.",
                 arguments: 1...1, keys: ["name", "limit", "until", "terms", "class", "strategic", "review", "contact", "phone",
                                          "email", "owner", "note"], role: .clerk,
                 access: .write) { line, _ throws(CreditError) in
            .command(.customer(try decodeChange(line, name: line.text("name"))))
        },
        VerbSpec("REQUEST",
                 "REQUEST <customer> [limit=<money>] [until=<YYYY-MM-DD>] [class=<A-D>] [terms=<days>|eom[+<days>]] [strategic=yes|no] note=\"…\"",
                 "Asks a manager to approve a change that raises risk (four eyes).",
                 arguments: 1...1, keys: ["limit", "until", "class", "terms", "strategic", "note"], required: ["note"], role: .clerk,
                 access: .write) { line, _ throws(CreditError) in
            .command(.request(try decodeChange(line, name: nil)))
        },
        VerbSpec("APPROVE", "APPROVE <request-id> note=\"…\"",
                 "A manager other than the requester approves a request; the change is made.",
                 arguments: 1...1, keys: ["note"], required: ["note"], role: .manager,
                 access: .write) { line, _ throws(CreditError) in
            .command(.approve(request: try line.identifier(0, "request id"), note: try line.note()))
        },
        VerbSpec("REJECT", "REJECT <request-id> note=\"…\"", "A manager rejects a request.",
                 arguments: 1...1, keys: ["note"], required: ["note"], role: .manager,
                 access: .write) { line, _ throws(CreditError) in
            .command(.reject(request: try line.identifier(0, "request id"), note: try line.note()))
        },
        VerbSpec("REVIEWED", "REVIEWED <customer> note=\"…\"",
                 "Records a credit review; the next is due after the class's review_months.",
                 arguments: 1...1, keys: ["note"], required: ["note"], role: .manager,
                 access: .write) { line, _ throws(CreditError) in
            .command(.reviewed(customer: try line.identifier(0, "customer"), note: try line.note()))
        },
        VerbSpec("REQUESTS", "REQUESTS", "The requests waiting for a manager, oldest first.",
                 arguments: 0...0, role: .clerk, access: .read) { _, _ in .requests },
        VerbSpec("INVOICE",
                 "INVOICE <customer> <invoice-id> <amount> [date=<YYYY-MM-DD>] [due=<YYYY-MM-DD>] [order=<ref>]",
                 "Records an invoice: an open item, due after the customer's terms unless due= says.",
                 arguments: 3...3, keys: ["date", "due", "order"], role: .clerk, access: .write) { line, _ throws(CreditError) in
            .command(.invoice(InvoiceEntry(
                customer: try line.identifier(0, "customer"), id: try line.identifier(1, "invoice id"),
                amount: try line.amount(2, positive: true)!, issued: try line.day("date"), due: try line.day("due"),
                order: try line.identifier("order"))))
        },
        VerbSpec("PAY", "PAY <customer> <amount> ref=<payment-ref> [invoice=<invoice-id>]",
                 "Records a payment: the named invoice first, then the oldest open items. A repeated ref changes nothing.",
                 arguments: 2...2, keys: ["ref", "invoice"], required: ["ref"], role: .clerk,
                 access: .write) { line, _ throws(CreditError) in
            .command(.pay(PaymentEntry(
                customer: try line.identifier(0, "customer"), amount: try line.amount(1, positive: true)!,
                ref: try line.identifier("ref")!, invoice: try line.identifier("invoice"))))
        },
        VerbSpec("BLOCK", "BLOCK <customer> reason=<code> note=\"…\"",
                 "Blocks a customer by hand, on stated grounds.",
                 arguments: 1...1, keys: ["reason", "note"], required: ["reason", "note"], role: .clerk,
                 access: .write) { line, _ throws(CreditError) in
            .command(.block(customer: try line.identifier(0, "customer"), reason: try line.reasonCode("reason")!,
                            note: try line.note()))
        },
        VerbSpec("UNBLOCK", "UNBLOCK <customer> note=\"…\"", "Lifts a manual block, with a written reason.",
                 arguments: 1...1, keys: ["note"], required: ["note"], role: .clerk,
                 access: .write) { line, _ throws(CreditError) in
            .command(.unblock(customer: try line.identifier(0, "customer"), note: try line.note()))
        },
        VerbSpec("OVERRIDE",
                 "OVERRIDE <customer> for=<duration> | until=<instant> [amount=<money>] [total=<money>] [order=<ref>] [uses=<n>] [reasons=<CODE,…>] [by=<manager> via=phone] note=\"…\"",
                 "A manager lets a held customer through, for a bounded time; a clerk records a manager's phone approval.",
                 arguments: 1...1, keys: ["for", "until", "amount", "total", "order", "uses", "reasons", "by", "via", "note"],
                 required: ["note"], role: .clerk, access: .write) { line, _ throws(CreditError) in
            .command(.override(try decodeOverride(line)))
        },
        VerbSpec("OVERRIDES", "OVERRIDES [<customer>]",
                 "Live overrides, and phone approvals awaiting their manager's confirmation.",
                 arguments: 0...1, role: .clerk, access: .read) { line, _ throws(CreditError) in
            .overrides(customer: line.positional(0) == nil ? nil : try line.identifier(0, "customer"))
        },
        VerbSpec("CONFIRM", "CONFIRM <override-id>", "The named manager confirms a phone approval.",
                 arguments: 1...1, role: .manager, access: .write) { line, _ throws(CreditError) in
            .command(.confirm(override: try line.identifier(0, "override id")))
        },
        VerbSpec("REVOKE", "REVOKE <override-id> note=\"…\"", "Ends an override early.",
                 arguments: 1...1, keys: ["note"], required: ["note"], role: .manager,
                 access: .write) { line, _ throws(CreditError) in
            .command(.revoke(override: try line.identifier(0, "override id"), note: try line.note()))
        },
        VerbSpec("INSTRUMENT", "INSTRUMENT <customer> <ref> <amount> due=<YYYY-MM-DD>",
                 "Records a post-dated cheque: it settles open items now and stays in exposure until CLEARED.",
                 arguments: 3...3, keys: ["due"], required: ["due"], role: .clerk,
                 access: .write) { line, _ throws(CreditError) in
            .command(.instrument(customer: try line.identifier(0, "customer"), ref: try line.identifier(1, "ref"),
                                 amount: try line.amount(2, positive: true)!, due: try line.day("due")!))
        },
        VerbSpec("CLEARED", "CLEARED <ref>", "The instrument cleared: it leaves exposure.",
                 arguments: 1...1, role: .clerk, access: .write) { line, _ throws(CreditError) in
            .command(.cleared(ref: try line.identifier(0, "ref")))
        },
        VerbSpec("BOUNCED", "BOUNCED <ref>", "The instrument bounced: the debt it settled is open again.",
                 arguments: 1...1, role: .clerk, access: .write) { line, _ throws(CreditError) in
            .command(.bounced(ref: try line.identifier(0, "ref")))
        },
        VerbSpec("GUARANTEE", "GUARANTEE <customer> <ref> <amount> [until=<YYYY-MM-DD>]",
                 "Records a guarantee or collateral: it raises the limit while in force.",
                 arguments: 3...3, keys: ["until"], role: .clerk, access: .write) { line, _ throws(CreditError) in
            .command(.guarantee(customer: try line.identifier(0, "customer"), ref: try line.identifier(1, "ref"),
                                amount: try line.amount(2, positive: true)!, until: try line.day("until")))
        },
        VerbSpec("RELEASE", "RELEASE <ref>", "Returns a guarantee: it no longer raises the limit.",
                 arguments: 1...1, role: .clerk, access: .write) { line, _ throws(CreditError) in
            .command(.release(ref: try line.identifier(0, "ref")))
        },
        VerbSpec("RELEASE ORDER", "RELEASE ORDER <ref>", "Frees the credit reserved for an order that will not be invoiced.",
                 arguments: 1...1, role: .terminal, access: .write) { line, _ throws(CreditError) in
            .command(.releaseOrder(order: try line.identifier(1, "order")))
        },
        VerbSpec("CREDIT", "CREDIT <customer> <ref> <amount> [invoice=<invoice-id>]",
                 "Records a credit note: it settles open items like a payment, the named invoice first.",
                 arguments: 3...3, keys: ["invoice"], role: .clerk, access: .write) { line, _ throws(CreditError) in
            .command(.credit(PaymentEntry(customer: try line.identifier(0, "customer"),
                                          amount: try line.amount(2, positive: true)!, ref: try line.identifier(1, "ref"),
                                          invoice: try line.identifier("invoice"))))
        },
        VerbSpec("DISPUTE", "DISPUTE <customer> <invoice-id> note=\"…\"",
                 "Opens a dispute: the invoice stops counting as overdue.",
                 arguments: 2...2, keys: ["note"], required: ["note"], role: .clerk,
                 access: .write) { line, _ throws(CreditError) in
            .command(.dispute(customer: try line.identifier(0, "customer"), invoice: try line.identifier(1, "invoice id"),
                              note: try line.note()))
        },
        VerbSpec("VOID", "VOID <customer> <invoice-id> note=\"…\"",
                 "Removes an invoice entered by mistake: what was paid on it goes back to credit on account.",
                 arguments: 2...2, keys: ["note"], required: ["note"], role: .clerk,
                 access: .write) { line, _ throws(CreditError) in
            .command(.void(customer: try line.identifier(0, "customer"), invoice: try line.identifier(1, "invoice id"),
                           note: try line.note()))
        },
        VerbSpec("RESOLVE", "RESOLVE <customer> <invoice-id> note=\"…\"",
                 "Closes a dispute: the invoice is due at once.",
                 arguments: 2...2, keys: ["note"], required: ["note"], role: .clerk,
                 access: .write) { line, _ throws(CreditError) in
            .command(.resolve(customer: try line.identifier(0, "customer"), invoice: try line.identifier(1, "invoice id"),
                              note: try line.note()))
        },
        VerbSpec("PROMISE", "PROMISE <customer> <amount> by=<YYYY-MM-DD> note=\"…\"",
                 "Records a promise to pay; it never lifts a hold, and a broken one holds.",
                 arguments: 2...2, keys: ["by", "note"], required: ["by", "note"], role: .clerk,
                 access: .write) { line, _ throws(CreditError) in
            .command(.promise(customer: try line.identifier(0, "customer"), amount: try line.amount(1, positive: true)!,
                              by: try line.day("by")!, note: try line.note()))
        },
        VerbSpec("PLAN",
                 "PLAN <customer> total=<money> instalments=<n> every=<days>d first=<YYYY-MM-DD> note=\"…\"",
                 "Agrees a payment plan: the debt under it is not overdue while the instalments are paid.",
                 arguments: 1...1, keys: ["total", "instalments", "every", "first", "note"],
                 required: ["total", "instalments", "every", "first", "note"], role: .clerk,
                 access: .write) { line, _ throws(CreditError) in
            guard let every = try line.span("every"), every.seconds % 86_400 == 0 else {
                throw CreditError(.badDuration, "every= must be whole days, like 30d")
            }
            return .command(.plan(PlanEntry(customer: try line.identifier(0, "customer"),
                                            total: try line.amount("total", positive: true)!,
                                            instalments: try line.integer("instalments", in: 1...120)!,
                                            every: Int(every.seconds / 86_400), first: try line.day("first")!,
                                            note: try line.note())))
        },
        VerbSpec("STAGE", "STAGE <customer> <none|reminder|call|final|agency|legal> note=\"…\"",
                 "Sets the collection stage; agency and legal hold the customer.",
                 arguments: 2...2, keys: ["note"], required: ["note"], role: .clerk,
                 access: .write) { line, _ throws(CreditError) in
            guard let word = line.positional(1), let stage = CollectionStage(rawValue: line.text(word).lowercased()) else {
                throw CreditError(.badValue, "the stage must be none, reminder, call, final, agency or legal")
            }
            return .command(.stage(customer: try line.identifier(0, "customer"), stage: stage, note: try line.note()))
        },
        VerbSpec("POLICY", "POLICY", "Shows the credit policy in force.",
                 arguments: 0...0, role: .terminal, access: .read) { _, _ in .policy },
        VerbSpec("POLICY SET", "POLICY SET <key>=<value> …", "Changes the credit policy (POLICY lists the keys).",
                 arguments: 0...0, keys: ["*"], role: .admin, access: .write) { line, _ throws(CreditError) in
            let settings = line.words.filter(\.isKeyed).map { PolicySetting(key: line.key($0), value: line.text($0)) }
            guard !settings.isEmpty else { throw CreditError(.missingArgument, "usage: POLICY SET <key>=<value> …") }
            return .command(.setPolicy(settings))
        },
        VerbSpec("NOTE",
                 "NOTE <customer> channel=<call|meeting|email|letter|fax|other> note=\"…\" [outcome=\"…\"] [follow_up=<YYYY-MM-DD>]",
                 "Records a call, meeting, letter, e-mail or fax with the customer, what was agreed, and when to follow up.",
                 arguments: 1...1, keys: ["channel", "note", "outcome", "follow_up"], required: ["channel", "note"], role: .clerk,
                 access: .write) { line, _ throws(CreditError) in
            let channel = line.text("channel")!.lowercased()
            guard ["call", "meeting", "email", "letter", "fax", "other"].contains(channel) else {
                throw CreditError(.badValue, "channel= must be call, meeting, email, letter, fax or other")
            }
            return .command(.note(customer: try line.identifier(0, "customer"), channel: channel, note: try line.note(),
                                  outcome: line.text("outcome"), followUp: try line.day("follow_up")))
        },
        VerbSpec("HISTORY", "HISTORY <customer> [limit=<n>]",
                 "The audit trail: every change, note, override and refused CHECK, who, when and why.",
                 arguments: 1...1, keys: ["limit"], role: .clerk, access: .read) { line, _ throws(CreditError) in
            .history(customer: try line.identifier(0, "customer"), limit: try line.integer("limit", in: 1...100_000))
        },
        VerbSpec("AGING", "AGING [<customer>] [detail=yes]",
                 "Open items by days past due: one customer, the book's totals, or every customer with detail=yes.",
                 arguments: 0...1, keys: ["detail"], role: .clerk, access: .read) { line, _ throws(CreditError) in
            .aging(customer: line.positional(0) == nil ? nil : try line.identifier(0, "customer"),
                   detail: try line.yesNo("detail") ?? false)
        },
        VerbSpec("BLOCKED", "BLOCKED", "Every customer held now: why, and since when.",
                 arguments: 0...0, role: .clerk, access: .read) { _, _ in .blocked },
        VerbSpec("WATCH", "WATCH", "Customers close to an automatic hold.",
                 arguments: 0...0, role: .clerk, access: .read) { _, _ in .watch },
        VerbSpec("WORKLIST", "WORKLIST [owner=<user>]",
                 "Today's collection actions, most urgent first, each with its reason; owner= only one collector's customers.",
                 arguments: 0...0, keys: ["owner"], role: .clerk, access: .read) { line, _ throws(CreditError) in
            .worklist(owner: try line.identifier("owner"))
        },
        // Issue 10's late charges and figures (one block, for the verb families to take whole).
        VerbSpec("CHARGES", "CHARGES [<customer>]",
                 "The late interest and fees due today on each overdue item, each with the id CHARGE posts it under.",
                 arguments: 0...1, role: .clerk, access: .read) { line, _ throws(CreditError) in
            .charges(customer: line.positional(0) == nil ? nil : try line.identifier(0, "customer"))
        },
        VerbSpec("CHARGE", "CHARGE <customer> <charge-id> <amount> note=\"…\"",
                 "Posts a late charge CHARGES proposed (at most its amount) as an invoice due at once.",
                 arguments: 3...3, keys: ["note"], required: ["note"], role: .clerk,
                 access: .write) { line, _ throws(CreditError) in
            .command(.charge(ChargeEntry(customer: try line.identifier(0, "customer"), id: try line.identifier(1, "charge id"),
                                         amount: try line.amount(2, positive: true)!, note: try line.note())))
        },
        VerbSpec("KPI", "KPI [from=<YYYY-MM-DD>] [to=<YYYY-MM-DD>]",
                 "DSO (countback), CEI, overdue share, customers held and overrides issued, over a period (default: 90 days to today).",
                 arguments: 0...0, keys: ["from", "to"], role: .clerk, access: .read) { line, _ throws(CreditError) in
            .kpi(from: try line.day("from"), to: try line.day("to"))
        },
        VerbSpec("USER ADD", "USER ADD <name> role=<terminal|clerk|manager|admin|replica> [override_max=<money>]",
                 "Adds a user and answers its secret, once; a manager may carry an override ceiling.",
                 arguments: 1...1, keys: ["role", "override_max"], required: ["role"], role: .admin,
                 access: .write) { line, origin throws(CreditError) in
            let name = try line.identifier(1, "user name")
            let role = try line.role("role")!
            let ceiling = try line.amount("override_max", positive: true)
            if ceiling != nil, role != .manager { throw CreditError(.badValue, "override_max= is for role=manager only") }
            guard origin == .journal, let text = line.text("credential") else {
                return .addUser(name: name, role: role, overrideMax: ceiling)
            }
            guard let credential = Credential(parsing: text) else { throw CreditError(.badValue, "credential= is malformed") }
            return .command(.addUser(name: name, role: role, credential: credential, overrideMax: ceiling))
        },
        VerbSpec("USER DEL", "USER DEL <name>", "Removes a user.",
                 arguments: 1...1, role: .admin, access: .write) { line, _ throws(CreditError) in
            .command(.deleteUser(name: try line.identifier(1, "user name")))
        },
        VerbSpec("USER SECRET", "USER SECRET <name>", "Gives a user a new secret and answers it, once; the old one stops working.",
                 arguments: 1...1, role: .admin, access: .write) { line, origin throws(CreditError) in
            let name = try line.identifier(1, "user name")
            guard origin == .journal, let text = line.text("credential") else { return .resetSecret(name: name) }
            guard let credential = Credential(parsing: text) else { throw CreditError(.badValue, "credential= is malformed") }
            return .command(.resetSecret(name: name, credential: credential))
        },
        VerbSpec("USER LIST", "USER LIST", "Lists the users and their roles.",
                 arguments: 0...0, role: .admin, access: .read) { _, _ in .listUsers },
        VerbSpec("INFO", "INFO", "Health and counters; an admin also sees the journal, fsync latency and snapshots.",
                 arguments: 0...0, role: .terminal, access: .read) { _, _ in .info },
        VerbSpec("SNAPSHOT", "SNAPSHOT", "Starts a snapshot in the background.",
                 arguments: 0...0, keys: ["sequence"], role: .admin,
                 access: .session) { line, origin throws(CreditError) in
            // The journal keeps each SNAPSHOT asked for, for AUDIT; a client sends no key.
            guard origin == .journal else {
                if let word = line.words.first(where: \.isKeyed) {
                    throw CreditError(.unknownKey, "SNAPSHOT takes no \(line.key(word))=; usage: SNAPSHOT")
                }
                return .snapshot
            }
            guard let sequence = try line.integer("sequence", in: 0...Int.max) else {
                throw CreditError(.missingArgument, "a journaled SNAPSHOT has sequence=")
            }
            return .command(.audit(.snapshot(sequence: sequence)))
        },
        VerbSpec("BACKUP", "BACKUP <dir>",
                 "Writes a consistent copy of the books into a new folder on the server: a snapshot and the journal file that continues it.",
                 arguments: 1...1, role: .admin, access: .session) { line, _ throws(CreditError) in
            let directory = line.text(line.positional(0)!)
            guard directory.hasPrefix("/"), directory.count > 1 else {
                throw CreditError(.badValue, "BACKUP needs an absolute folder path, e.g. /var/backups/creditgate/2026-12-04")
            }
            return .backup(directory: directory)
        },
        VerbSpec("ROLE", "ROLE", "Whether this server is the primary or a replica, its epoch and last record.",
                 arguments: 0...0, role: .replica, access: .session) { _, _ in .role },
        VerbSpec("SYNC", "SYNC <sequence>",
                 "A replica asks for the records after its last one (a snapshot first when needed), then follows.",
                 arguments: 1...1, role: .replica, access: .session) { line, _ throws(CreditError) in
            .sync(after: try line.sequence(0))
        },
        VerbSpec("ACK", "ACK <sequence>", "A replica tells the primary the records up to here are durable on it; no reply.",
                 arguments: 1...1, role: .replica, access: .session) { line, _ throws(CreditError) in
            .ack(sequence: try line.sequence(0))
        },
        VerbSpec("CLOCK SET", "CLOCK SET <instant>",
                 "Moves the server's clock (only with --test-clock).",
                 arguments: 1...1, role: .admin, access: .session) { line, origin throws(CreditError) in
            let instant = try line.instant(1, "instant")
            return origin == .journal ? .command(.audit(.clock(instant))) : .setClock(instant)
        },
        VerbSpec("AUDIT", "AUDIT [limit=<n>]",
                 "Every USER ADD/DEL, POLICY SET, CLOCK SET and SNAPSHOT, who and when; kept for good.",
                 arguments: 0...0, keys: ["limit"], role: .admin, access: .read) { line, _ throws(CreditError) in
            .audit(limit: try line.integer("limit", in: 1...100_000))
        },
    ]

    /// The verb a line names, or `UNKNOWN_VERB`. Verbs are case-insensitive;
    /// CHECK, the hot path, is found first.
    public static func spec(for line: RequestLine) throws(CreditError) -> VerbSpec {
        // A `key=value` first word is no verb: taking its value as one would
        // misread the line (`order=CHECK CHECK C1` as a CHECK with an order).
        guard !line.words[0].isKeyed else {
            throw CreditError(.unknownVerb, "a request starts with its verb, not with \(line.key(line.words[0]))=")
        }
        let verb = line.verb
        var family = false
        var plain: Int?
        // By index: a VerbSpec is large, and the hot path must not copy forty of them.
        for index in all.indices where matches(verb, all[index].verbWord) {
            if let subverb = all[index].subverb {
                family = true
                if let word = line.positional(0), matches(line.raw(word), subverb) { return all[index] }
            } else if all[index].hasSubverbs {
                plain = index
            } else {
                return all[index]
            }
        }
        if let plain { return all[plain] }
        let name = String(decoding: verb, as: UTF8.self)
        if family {
            let words = all.filter { matches(verb, $0.verbWord) }.compactMap { $0.subverb.map { String(decoding: $0, as: UTF8.self) } }
            throw CreditError(.unknownVerb, "\(name.uppercased()) needs one of: \(words.joined(separator: ", "))")
        }
        throw CreditError(.unknownVerb, "unknown verb '\(name.prefix(32))'; HELP lists the verbs")
    }

    public static func spec(named name: String) -> VerbSpec? {
        all.first { $0.name == name.uppercased() }
    }

    /// Case-insensitive match of a word against an upper-case verb (letters only).
    static func matches(_ bytes: UnsafeRawBufferPointer, _ word: [UInt8]) -> Bool {
        guard bytes.count == word.count else { return false }
        for index in 0..<word.count where bytes[index] & 0xDF != word[index] { return false }
        return true
    }

    static func decodeChange(_ line: RequestLine, name: String?) throws(CreditError) -> CustomerChange {
        CustomerChange(id: try line.identifier(0, "customer"), name: name,
                       limit: try line.amount("limit", positive: false), terms: try line.terms("terms"),
                       riskClass: try line.riskClass("class"), strategic: try line.yesNo("strategic"),
                       until: try line.day("until"), review: try line.day("review"),
                       note: line.keyed("note") == nil ? nil : try line.note(), contact: line.text("contact"),
                       phone: line.text("phone"), email: line.text("email"), owner: line.text("owner"))
    }

    static func decodeOverride(_ line: RequestLine) throws(CreditError) -> OverrideEntry {
        let customer = try line.identifier(0, "customer")
        let lasting = try line.span("for")
        let until = try line.instant("until")
        let window: OverrideEntry.Window
        switch (lasting, until) {
        case (let span?, nil): window = .lasting(span)
        case (nil, let instant?): window = .until(instant)
        case (nil, nil): throw CreditError(.missingArgument, "an override needs for=<duration> or until=<instant>")
        default: throw CreditError(.badValue, "give for= or until=, not both")
        }
        let manager = try line.identifier("by")
        let phone = try line.keyword("via", "phone")
        guard (manager == nil) == !phone else {
            throw CreditError(.badValue, "by=<manager> and via=phone go together: a clerk records a manager's call")
        }
        var reasons: HoldReason?
        if let text = line.text("reasons") {
            guard let codes = HoldReason(codes: text) else {
                throw CreditError(.badValue, "reasons= lists hold codes like OVER_LIMIT,OVERDUE")
            }
            reasons = codes
        }
        return OverrideEntry(customer: customer, window: window, maximumAmount: try line.amount("amount", positive: true),
                             order: try line.identifier("order"),
                             uses: try line.integer("uses", in: 1...Limits.maximumUses),
                             total: try line.amount("total", positive: true), reasons: reasons, phoneManager: manager,
                             note: try line.note())
    }
}
