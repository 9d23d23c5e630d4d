import CreditCore
import CreditProtocol

/// Every one-shot subcommand, one entry per protocol verb (AUTH and QUIT are the session's
/// business: `--user` signs in, the shell's `quit` leaves). The order is the order of `--help`.
enum SubcommandTable {
    static let all: [Subcommand] = [
        Subcommand(
            CommandSpec(
                name: "check", abstract: "May we supply this customer, for this amount, now? Exit 0 OK, 1 HOLD.",
                arguments: [customer, ArgumentSpec("amount", help: "The amount, e.g. 250.00.", arity: .optional)],
                options: [OptionSpec("order", help: "The order the supply is for (uses an override for that order).")]),
            verb: "CHECK"
        ) { command, line throws(RequestError) in
            try line.add(command.required("customer"), name: "customer")
            if let amount = command.argument("amount") { try line.add(amount, name: "amount") }
            try line.add(key: "order", command.option("order"))
        },
        Subcommand(
            CommandSpec(
                name: "status", abstract: "Shows the whole account: terms, exposure, open items, blocks, overrides.",
                arguments: [customer], flags: [csv]), verb: "STATUS"
        ) { command, line throws(RequestError) in
            try line.add(command.required("customer"), name: "customer")
        },
        Subcommand(CommandSpec(name: "ping", abstract: "Asks the server for PONG."), verb: "PING") { _, _ in },
        Subcommand(
            CommandSpec(
                name: "verbs", abstract: "Lists the protocol's verbs, or the syntax of one (the server's HELP).",
                arguments: [ArgumentSpec("verb", help: "A verb, e.g. PAY.", arity: .optional)]),
            verb: "HELP"
        ) { command, line throws(RequestError) in
            if let verb = command.argument("verb") { try line.add(verb, name: "verb") }
        },
        Subcommand(
            CommandSpec(
                name: "customer", abstract: "Creates a customer, or changes the fields given.",
                arguments: [ArgumentSpec("id", help: "The customer id.")],
                options: [
                    OptionSpec("name", help: "The customer's name."),
                    OptionSpec("limit", valueName: "money", help: "The credit limit, e.g. 1000.00."),
                    OptionSpec(
                        "until", valueName: "YYYY-MM-DD",
                        help: "With --limit: a temporary limit, to the end of that day."),
                    OptionSpec("review", valueName: "YYYY-MM-DD", help: "The next credit review."),
                    terms,
                    OptionSpec("class", valueName: "A|B|C|D", help: "The risk class."),
                    OptionSpec("strategic", valueName: "yes|no", help: "Never blocked automatically (R-BLK-7)."),
                    OptionSpec("contact", valueName: "text", help: "Whom to speak to; empty clears it."),
                    OptionSpec("phone", help: "The contact's phone; empty clears it."),
                    OptionSpec("email", valueName: "address", help: "The contact's e-mail; empty clears it."),
                    OptionSpec(
                        "owner", valueName: "user", help: "The collector who follows the customer up; empty clears it."),
                    OptionSpec(
                        "note", valueName: "text", help: "Why; required for a manager's change that raises risk."),
                ]), verb: "CUSTOMER"
        ) { command, line throws(RequestError) in
            try line.add(command.required("id"), name: "id")
            for key in ["name", "contact", "phone", "email", "owner"] {
                try line.add(key: key, quoted: command.option(key))
            }
            for key in ["limit", "until", "terms", "class", "strategic", "review"] {
                try line.add(key: key, key == "terms" ? try terms(command) : command.option(key))
            }
            try line.add(key: "note", quoted: command.option("note"))
        },
        Subcommand(
            CommandSpec(
                name: "request", abstract: "Asks a manager to approve a change that raises risk (four eyes).",
                arguments: [customer],
                options: [
                    OptionSpec("limit", valueName: "money", help: "The credit limit asked for."),
                    OptionSpec(
                        "until", valueName: "YYYY-MM-DD",
                        help: "With --limit: a temporary limit, to the end of that day."),
                    OptionSpec("class", valueName: "A|B|C|D", help: "The risk class asked for."),
                    terms,
                    OptionSpec("strategic", valueName: "yes|no", help: "Strategic: never blocked automatically."),
                    note,
                ]), verb: "REQUEST", required: ["note"]
        ) { command, line throws(RequestError) in
            try line.add(command.required("customer"), name: "customer")
            for key in ["limit", "until", "class", "terms", "strategic"] {
                try line.add(key: key, key == "terms" ? try terms(command) : command.option(key))
            }
            try line.add(key: "note", quoted: command.option("note"))
        },
        Subcommand(
            CommandSpec(
                name: "approve", abstract: "A manager other than the requester approves a request.",
                arguments: [request], options: [note]), verb: "APPROVE", required: ["note"]
        ) { command, line throws(RequestError) in
            try line.add(command.required("request"), name: "request")
            try line.add(key: "note", quoted: command.option("note"))
        },
        Subcommand(
            CommandSpec(
                name: "reject", abstract: "A manager rejects a request.",
                arguments: [request], options: [note]), verb: "REJECT", required: ["note"]
        ) { command, line throws(RequestError) in
            try line.add(command.required("request"), name: "request")
            try line.add(key: "note", quoted: command.option("note"))
        },
        Subcommand(
            CommandSpec(
                name: "reviewed", abstract: "Records a credit review; the next is due after the class's interval.",
                arguments: [customer], options: [note]), verb: "REVIEWED", required: ["note"]
        ) { command, line throws(RequestError) in
            try line.add(command.required("customer"), name: "customer")
            try line.add(key: "note", quoted: command.option("note"))
        },
        Subcommand(
            CommandSpec(
                name: "audit",
                abstract: "Every USER ADD/DEL, POLICY SET, CLOCK SET and SNAPSHOT, who and when (admin).",
                options: [OptionSpec("limit", valueName: "n", help: "Only the newest n.", kind: .integer)], flags: [csv]
            ),
            verb: "AUDIT"
        ) { command, line throws(RequestError) in
            try line.add(key: "limit", command.option("limit"))
        },
        Subcommand(
            CommandSpec(name: "requests", abstract: "Requests waiting for a manager, oldest first.", flags: [csv]),
            verb: "REQUESTS"
        ) { _, _ in },
        Subcommand(
            CommandSpec(
                name: "invoice", abstract: "Records an invoice, due after the customer's terms unless --due says.",
                arguments: [
                    customer, ArgumentSpec("invoice", help: "The invoice id."),
                    ArgumentSpec("amount", help: "The amount, e.g. 100.00."),
                ],
                options: [
                    OptionSpec("date", valueName: "YYYY-MM-DD", help: "The issue date (default: today)."),
                    OptionSpec("due", valueName: "YYYY-MM-DD", help: "The due date."),
                    OptionSpec("order", help: "The order it bills."),
                ]), verb: "INVOICE"
        ) { command, line throws(RequestError) in
            try line.add(command.required("customer"), name: "customer")
            try line.add(command.required("invoice"), name: "invoice")
            try line.add(command.required("amount"), name: "amount")
            for key in ["date", "due", "order"] { try line.add(key: key, command.option(key)) }
        },
        Subcommand(
            CommandSpec(
                name: "pay", abstract: "Records a payment; a repeated --ref changes nothing.",
                arguments: [customer, ArgumentSpec("amount", help: "The amount paid.")],
                options: [
                    OptionSpec("ref", help: "The payment's reference (required)."),
                    OptionSpec("invoice", help: "The invoice it pays first."),
                ]), verb: "PAY", required: ["ref"]
        ) { command, line throws(RequestError) in
            try line.add(command.required("customer"), name: "customer")
            try line.add(command.required("amount"), name: "amount")
            try line.add(key: "ref", command.option("ref"))
            try line.add(key: "invoice", command.option("invoice"))
        },
        Subcommand(
            CommandSpec(
                name: "block", abstract: "Blocks a customer by hand, on stated grounds.",
                arguments: [customer],
                options: [
                    OptionSpec("reason", valueName: "code", help: "The reason code, e.g. FRAUD (required)."),
                    note,
                ]), verb: "BLOCK", required: ["reason", "note"]
        ) { command, line throws(RequestError) in
            try line.add(command.required("customer"), name: "customer")
            try line.add(key: "reason", command.option("reason"))
            try line.add(key: "note", quoted: command.option("note"))
        },
        Subcommand(
            CommandSpec(
                name: "unblock", abstract: "Lifts a manual block, with a written reason.",
                arguments: [customer], options: [note]), verb: "UNBLOCK", required: ["note"]
        ) { command, line throws(RequestError) in
            try line.add(command.required("customer"), name: "customer")
            try line.add(key: "note", quoted: command.option("note"))
        },
        Subcommand(
            CommandSpec(
                name: "override", abstract: "A manager lets a held customer through for a bounded time.",
                arguments: [customer],
                options: [
                    OptionSpec("for", valueName: "30m|2h|3d", help: "How long it lasts."),
                    OptionSpec("until", valueName: "YYYY-MM-DDThh:mm:ssZ", help: "When it ends (instead of --for)."),
                    OptionSpec("amount", valueName: "money", help: "The most it lets through per check."),
                    OptionSpec("total", valueName: "money", help: "The most it lets through in all."),
                    OptionSpec("order", help: "The one order it is for."),
                    OptionSpec("uses", valueName: "n", help: "How many orders it covers.", kind: .integer),
                    OptionSpec(
                        "reasons", valueName: "CODE,…", help: "The hold reasons it covers (default: those present)."),
                    OptionSpec(
                        "by", valueName: "manager", help: "The manager who approved by phone (with --via phone)."),
                    OptionSpec("via", valueName: "phone", help: "How the manager approved."),
                    note,
                ]), verb: "OVERRIDE", required: ["note"]
        ) { command, line throws(RequestError) in
            guard (command.option("for") == nil) != (command.option("until") == nil) else {
                throw RequestError("Give exactly one of '--for <30m|2h|3d>' or '--until <YYYY-MM-DDThh:mm:ssZ>'")
            }
            try line.add(command.required("customer"), name: "customer")
            for key in ["for", "until", "amount", "total", "order", "uses", "reasons", "by", "via"] {
                try line.add(key: key, command.option(key))
            }
            try line.add(key: "note", quoted: command.option("note"))
        },
        Subcommand(
            CommandSpec(
                name: "overrides", abstract: "Live overrides, and phone approvals awaiting confirmation.",
                arguments: [ArgumentSpec("customer", help: "Only this customer.", arity: .optional)], flags: [csv]),
            verb: "OVERRIDES"
        ) { command, line throws(RequestError) in
            if let customer = command.argument("customer") { try line.add(customer, name: "customer") }
        },
        Subcommand(
            CommandSpec(
                name: "confirm", abstract: "The named manager confirms a phone approval.",
                arguments: [override]), verb: "CONFIRM"
        ) { command, line throws(RequestError) in
            try line.add(command.required("override"), name: "override")
        },
        Subcommand(
            CommandSpec(
                name: "revoke", abstract: "Ends an override early.",
                arguments: [override], options: [note]), verb: "REVOKE", required: ["note"]
        ) { command, line throws(RequestError) in
            try line.add(command.required("override"), name: "override")
            try line.add(key: "note", quoted: command.option("note"))
        },
        Subcommand(
            CommandSpec(
                name: "instrument",
                abstract: "Records a post-dated cheque: it settles open items now, stays in exposure until cleared.",
                arguments: [customer, ref, amount],
                options: [OptionSpec("due", valueName: "YYYY-MM-DD", help: "When it can be cashed (required).")]),
            verb: "INSTRUMENT", required: ["due"]
        ) { command, line throws(RequestError) in
            try line.add(command.required("customer"), name: "customer")
            try line.add(command.required("ref"), name: "ref")
            try line.add(command.required("amount"), name: "amount")
            try line.add(key: "due", command.option("due"))
        },
        Subcommand(
            CommandSpec(
                name: "cleared", abstract: "The instrument cleared: it leaves exposure.",
                arguments: [ref]), verb: "CLEARED"
        ) { command, line throws(RequestError) in
            try line.add(command.required("ref"), name: "ref")
        },
        Subcommand(
            CommandSpec(
                name: "bounced", abstract: "The instrument bounced: the debt it settled is open again.",
                arguments: [ref]), verb: "BOUNCED"
        ) { command, line throws(RequestError) in
            try line.add(command.required("ref"), name: "ref")
        },
        Subcommand(
            CommandSpec(
                name: "guarantee", abstract: "Records a guarantee or collateral: it raises the limit while in force.",
                arguments: [customer, ref, amount],
                options: [OptionSpec("until", valueName: "YYYY-MM-DD", help: "The last day it is in force.")]),
            verb: "GUARANTEE"
        ) { command, line throws(RequestError) in
            try line.add(command.required("customer"), name: "customer")
            try line.add(command.required("ref"), name: "ref")
            try line.add(command.required("amount"), name: "amount")
            try line.add(key: "until", command.option("until"))
        },
        Subcommand(
            CommandSpec(
                name: "release", abstract: "Returns a guarantee: it no longer raises the limit.",
                arguments: [ref]), verb: "RELEASE"
        ) { command, line throws(RequestError) in
            try line.add(command.required("ref"), name: "ref")
        },
        Subcommand(
            group: "order",
            CommandSpec(
                name: "release", abstract: "Frees the credit reserved for an order that will not be invoiced.",
                arguments: [ArgumentSpec("ref", help: "The order's reference.")]),
            verb: "RELEASE ORDER"
        ) { command, line throws(RequestError) in
            try line.add(command.required("ref"), name: "ref")
        },
        Subcommand(
            CommandSpec(
                name: "credit",
                abstract: "Records a credit note: it settles open items like a payment, the named invoice first.",
                arguments: [customer, ref, amount],
                options: [OptionSpec("invoice", help: "The invoice it settles first.")]),
            verb: "CREDIT"
        ) { command, line throws(RequestError) in
            try line.add(command.required("customer"), name: "customer")
            try line.add(command.required("ref"), name: "ref")
            try line.add(command.required("amount"), name: "amount")
            try line.add(key: "invoice", command.option("invoice"))
        },
        Subcommand(
            CommandSpec(
                name: "dispute", abstract: "Opens a dispute: the invoice stops counting as overdue.",
                arguments: [customer, invoice], options: [note]), verb: "DISPUTE", required: ["note"]
        ) { command, line throws(RequestError) in
            try line.add(command.required("customer"), name: "customer")
            try line.add(command.required("invoice"), name: "invoice")
            try line.add(key: "note", quoted: command.option("note"))
        },
        Subcommand(
            CommandSpec(
                name: "void",
                abstract: "Removes an invoice entered by mistake: what was paid on it goes back to credit on account.",
                arguments: [customer, invoice], options: [note]), verb: "VOID", required: ["note"]
        ) { command, line throws(RequestError) in
            try line.add(command.required("customer"), name: "customer")
            try line.add(command.required("invoice"), name: "invoice")
            try line.add(key: "note", quoted: command.option("note"))
        },
        Subcommand(
            CommandSpec(
                name: "resolve", abstract: "Closes a dispute: the invoice is due at once.",
                arguments: [customer, invoice], options: [note]), verb: "RESOLVE", required: ["note"]
        ) { command, line throws(RequestError) in
            try line.add(command.required("customer"), name: "customer")
            try line.add(command.required("invoice"), name: "invoice")
            try line.add(key: "note", quoted: command.option("note"))
        },
        Subcommand(
            CommandSpec(
                name: "promise", abstract: "Records a promise to pay; it never lifts a hold, and a broken one holds.",
                arguments: [customer, amount],
                options: [
                    OptionSpec("by", valueName: "YYYY-MM-DD", help: "The day the money is promised for (required)."),
                    note,
                ]),
            verb: "PROMISE", required: ["by", "note"]
        ) { command, line throws(RequestError) in
            try line.add(command.required("customer"), name: "customer")
            try line.add(command.required("amount"), name: "amount")
            try line.add(key: "by", command.option("by"))
            try line.add(key: "note", quoted: command.option("note"))
        },
        Subcommand(
            CommandSpec(
                name: "plan",
                abstract: "Agrees a payment plan: the debt under it is not overdue while the instalments are paid.",
                arguments: [customer],
                options: [
                    OptionSpec("total", valueName: "money", help: "The debt the plan covers (required)."),
                    OptionSpec("instalments", valueName: "n", help: "How many instalments (required).", kind: .integer),
                    OptionSpec("every", valueName: "days", help: "Days between instalments, e.g. 30d (required)."),
                    OptionSpec("first", valueName: "YYYY-MM-DD", help: "When the first instalment is due (required)."),
                    note,
                ]), verb: "PLAN", required: ["total", "instalments", "every", "first", "note"]
        ) { command, line throws(RequestError) in
            try line.add(command.required("customer"), name: "customer")
            for key in ["total", "instalments", "every", "first"] { try line.add(key: key, command.option(key)) }
            try line.add(key: "note", quoted: command.option("note"))
        },
        Subcommand(
            CommandSpec(
                name: "stage", abstract: "Sets the collection stage; agency and legal hold the customer.",
                arguments: [customer, ArgumentSpec("stage", help: "none, reminder, call, final, agency or legal.")],
                options: [note]), verb: "STAGE", required: ["note"]
        ) { command, line throws(RequestError) in
            try line.add(command.required("customer"), name: "customer")
            try line.add(command.required("stage"), name: "stage")
            try line.add(key: "note", quoted: command.option("note"))
        },
        Subcommand(
            CommandSpec(
                name: "note",
                abstract: "Records a call, meeting, letter, e-mail or fax with the customer, and what was agreed.",
                arguments: [customer],
                options: [
                    OptionSpec("channel", valueName: "call|meeting|email|letter|fax|other", help: "How (required)."),
                    OptionSpec("note", help: "What was said (required)."),
                    OptionSpec("outcome", help: "What was agreed."),
                    OptionSpec(
                        "follow-up", valueName: "YYYY-MM-DD", help: "When to follow up next (WORKLIST shows it then)."),
                ]), verb: "NOTE", required: ["channel", "note"]
        ) { command, line throws(RequestError) in
            try line.add(command.required("customer"), name: "customer")
            try line.add(key: "channel", command.option("channel"))
            try line.add(key: "note", quoted: command.option("note"))
            try line.add(key: "outcome", quoted: command.option("outcome"))
            try line.add(key: "follow_up", command.option("follow-up"))
        },
        Subcommand(
            CommandSpec(
                name: "history",
                abstract: "The audit trail: every change, note, override and refused check, who, when and why.",
                arguments: [customer],
                options: [OptionSpec("limit", valueName: "n", help: "Only the newest n entries.", kind: .integer)],
                flags: [csv]), verb: "HISTORY"
        ) { command, line throws(RequestError) in
            try line.add(command.required("customer"), name: "customer")
            try line.add(key: "limit", command.option("limit"))
        },
        Subcommand(
            CommandSpec(
                name: "aging",
                abstract: "Open items by days past due: one customer, the book's totals, or every customer.",
                arguments: [ArgumentSpec("customer", help: "Only this customer.", arity: .optional)],
                flags: [FlagSpec("detail", help: "One line per customer (sends detail=yes)."), csv]),
            verb: "AGING"
        ) { command, line throws(RequestError) in
            if let customer = command.argument("customer") { try line.add(customer, name: "customer") }
            if command.flag("detail") { try line.add(key: "detail", "yes") }
        },
        Subcommand(
            CommandSpec(name: "blocked", abstract: "Every customer held now: why, and since when.", flags: [csv]),
            verb: "BLOCKED"
        ) { _, _ in },
        Subcommand(
            CommandSpec(name: "watch", abstract: "Customers close to an automatic hold.", flags: [csv]),
            verb: "WATCH"
        ) { _, _ in },
        Subcommand(
            CommandSpec(
                name: "worklist", abstract: "Today's collection actions, most urgent first.",
                options: [OptionSpec("owner", valueName: "user", help: "Only this collector's customers.")],
                flags: [csv]), verb: "WORKLIST"
        ) { command, line throws(RequestError) in
            try line.add(key: "owner", command.option("owner"))
        },
        Subcommand(
            CommandSpec(
                name: "charges",
                abstract: "The late interest and fees due today on each overdue item, with the ids 'charge' posts.",
                arguments: [ArgumentSpec("customer", help: "Only this customer.", arity: .optional)], flags: [csv]),
            verb: "CHARGES"
        ) { command, line throws(RequestError) in
            if let customer = command.argument("customer") { try line.add(customer, name: "customer") }
        },
        Subcommand(
            CommandSpec(
                name: "charge",
                abstract: "Posts a late charge 'charges' proposed (at most its amount) as an invoice due at once.",
                arguments: [customer, ArgumentSpec("charge", help: "The charge id, e.g. LC-12-20260615."), amount],
                options: [note]), verb: "CHARGE", required: ["note"]
        ) { command, line throws(RequestError) in
            try line.add(command.required("customer"), name: "customer")
            try line.add(command.required("charge"), name: "charge")
            try line.add(command.required("amount"), name: "amount")
            try line.add(key: "note", quoted: command.option("note"))
        },
        Subcommand(
            CommandSpec(
                name: "kpi",
                abstract: "DSO (countback), CEI, overdue share, customers held and overrides issued over a period.",
                options: [
                    OptionSpec("from", valueName: "YYYY-MM-DD", help: "The first day (default: 89 days before --to)."),
                    OptionSpec("to", valueName: "YYYY-MM-DD", help: "The last day (default: today)."),
                ],
                flags: [csv]), verb: "KPI"
        ) { command, line throws(RequestError) in
            for key in ["from", "to"] { try line.add(key: key, command.option(key)) }
        },
        Subcommand(
            group: "policy", CommandSpec(name: "show", abstract: "Shows the credit policy in force.", flags: [csv]),
            verb: "POLICY"
        ) { _, _ in },
        Subcommand(
            group: "policy",
            CommandSpec(
                name: "set",
                abstract: "Changes the credit policy, all settings or none (admin; 'policy show' lists the keys).",
                arguments: [
                    ArgumentSpec("setting", help: "key=value, e.g. class.C.grace=15; one or more.", arity: .variadic)
                ]),
            verb: "POLICY SET"
        ) { command, line throws(RequestError) in
            let settings = command.argumentValues("setting")
            guard !settings.isEmpty else { throw RequestError("Missing expected argument '<setting>'") }
            for setting in settings { try line.add(setting: setting) }
        },
        Subcommand(
            group: "user",
            CommandSpec(
                name: "add", abstract: "Adds a user and prints its secret, once.",
                arguments: [ArgumentSpec("name", help: "The user's name.")],
                options: [
                    OptionSpec(
                        "role", valueName: "terminal|clerk|manager|admin|replica", help: "The user's role (required)."),
                    OptionSpec(
                        "override-max", valueName: "money",
                        help: "A manager's ceiling on the amount and total of their overrides."),
                ]),
            verb: "USER ADD", required: ["role"]
        ) { command, line throws(RequestError) in
            try line.add(command.required("name"), name: "name")
            try line.add(key: "role", command.option("role"))
            try line.add(key: "override_max", command.option("override-max"))
        },
        Subcommand(
            group: "user",
            CommandSpec(
                name: "del", abstract: "Removes a user.",
                arguments: [ArgumentSpec("name", help: "The user's name.")]), verb: "USER DEL"
        ) { command, line throws(RequestError) in
            try line.add(command.required("name"), name: "name")
        },
        Subcommand(
            group: "user",
            CommandSpec(
                name: "secret", abstract: "Gives a user a new secret and prints it, once; the old one stops working.",
                arguments: [ArgumentSpec("name", help: "The user's name.")]), verb: "USER SECRET"
        ) { command, line throws(RequestError) in
            try line.add(command.required("name"), name: "name")
        },
        Subcommand(
            group: "user", CommandSpec(name: "list", abstract: "Lists the users and their roles.", flags: [csv]),
            verb: "USER LIST"
        ) { _, _ in },
        Subcommand(
            CommandSpec(
                name: "info", abstract: "Health and counters; an admin also sees the journal and snapshots.",
                flags: [csv]), verb: "INFO"
        ) { _, _ in },
        Subcommand(
            CommandSpec(
                name: "role", abstract: "Whether the server is the primary or a replica, its epoch and last record."),
            verb: "ROLE"
        ) { _, _ in },
        Subcommand(
            CommandSpec(
                name: "promote", abstract: "Makes a replica the primary of a new epoch (admin).", options: [note]),
            verb: "PROMOTE", required: ["note"]
        ) { command, line throws(RequestError) in
            try line.add(key: "note", quoted: command.option("note"))
        },
        Subcommand(
            CommandSpec(
                name: "fence",
                abstract:
                    "Makes a primary stop taking changes until PROMOTE or FOLLOW; a replica stays as it is (admin).",
                options: [note]),
            verb: "FENCE", required: ["note"]
        ) { command, line throws(RequestError) in
            try line.add(key: "note", quoted: command.option("note"))
        },
        Subcommand(
            CommandSpec(
                name: "follow",
                abstract:
                    "Makes the server a replica of that primary; what it held that the primary never had is set aside (admin).",
                arguments: [ArgumentSpec("primary", help: "The primary's host:port.")], options: [note]),
            verb: "FOLLOW", required: ["note"]
        ) { command, line throws(RequestError) in
            try line.add(command.required("primary"), name: "primary")
            try line.add(key: "note", quoted: command.option("note"))
        },
        Subcommand(
            CommandSpec(name: "snapshot", abstract: "Starts a snapshot in the background (admin)."),
            verb: "SNAPSHOT"
        ) { _, _ in },
        Subcommand(
            CommandSpec(
                name: "backup",
                abstract: "Writes a consistent copy of the books into a new folder on the server (admin).",
                arguments: [ArgumentSpec("dir", help: "An absolute path on the server's machine; new or empty.")]),
            verb: "BACKUP"
        ) { command, line throws(RequestError) in
            try line.add(command.required("dir"), name: "dir")
        },
        Subcommand(
            group: "clock",
            CommandSpec(
                name: "set", abstract: "Moves the server's clock (a server started with --test-clock).",
                arguments: [ArgumentSpec("instant", help: "The new time, YYYY-MM-DDThh:mm:ssZ.")]),
            verb: "CLOCK SET"
        ) { command, line throws(RequestError) in
            try line.add(command.required("instant"), name: "instant")
        },
    ]

    /// The abstracts of the groups, for their own `--help`.
    static let groups: [String: String] = [
        "user": "Manages users (admin).",
        "clock": "The server's test clock.",
        "order": "Order reservations.",
        "policy": "The credit policy.",
    ]

    /// The verbs the client speaks without a subcommand of their own (SYNC, ACK and HELD are a
    /// replica server's, never a person's).
    static let sessionVerbs: Set<String> = ["AUTH", "QUIT", "SYNC", "ACK", "HELD"]

    static func subcommand(at path: [String]) -> Subcommand? {
        all.first { $0.path == path }
    }

    private static let customer = ArgumentSpec("customer", help: "The customer id.")
    private static let override = ArgumentSpec("override", help: "The override id, e.g. OV-1.")
    private static let request = ArgumentSpec("request", help: "The request id, e.g. RQ-1.")
    private static let note = OptionSpec("note", help: "Why, in words; recorded for review (required).")
    private static let terms = OptionSpec(
        "terms", valueName: "days|eom[+days]",
        help: "Payment terms: net days from the invoice (30), or the end of the "
            + "invoice's month plus days (eom+30; eom alone: the month's last day).")

    /// `--terms` as the protocol writes it; a usage error unless it is 0-3650 days, `eom` or `eom+<days>`.
    static func terms(_ command: ParsedCommand) throws(RequestError) -> String? {
        guard let text = command.option("terms") else { return nil }
        guard let terms = Terms(parsing: text) else {
            throw RequestError("--terms takes 0-3650 days, eom or eom+<days>, not \(text)")
        }
        return terms.description
    }
    private static let ref = ArgumentSpec("ref", help: "The reference, unique across customers.")
    private static let amount = ArgumentSpec("amount", help: "The amount, e.g. 100.00.")
    private static let invoice = ArgumentSpec("invoice", help: "The invoice id.")
    /// Subcommands whose `--csv` is one row per key=value word (``ExportTable/init(pairsOf:)``):
    /// their reply lines hold one setting each, which as columns would make a diagonal table.
    static let csvAsPairs: Set<[String]> = [["policy", "show"]]
    /// `--csv` on the desk reads: the listing as CSV (see ``ExportTable``) instead of the reply.
    static let csv = FlagSpec("csv", help: "Print the reply's lines as CSV: a header, then one row per line.")
}
