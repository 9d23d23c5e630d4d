import CreditProtocol
import Testing

@testable import CreditClient

/// The subcommand → request line mapping, one test per subcommand, whole lines asserted.
@Suite struct ClientToolRequestTests {
    private func request(_ words: String...) throws -> String? {
        guard case .command(let command) = try ClientTool.parse(words) else {
            Issue.record("\(words) asked for help")
            return nil
        }
        return try ClientTool.request(for: command)
    }

    private func usageError(_ words: String...) -> ArgumentError? {
        do {
            guard case .command(let command) = try ClientTool.parse(words) else { return nil }
            _ = try ClientTool.request(for: command)
            return nil
        } catch {
            return error
        }
    }

    @Test func check_WithAndWithoutAmountAndOrder() throws {
        #expect(try request("check", "C1001", "250.00") == "CHECK C1001 250.00")
        #expect(try request("check", "C1001") == "CHECK C1001")
        #expect(try request("check", "C1001", "250.00", "--order", "O-7") == "CHECK C1001 250.00 order=O-7")
    }

    @Test func readCommands() throws {
        #expect(try request("status", "C1") == "STATUS C1")
        #expect(try request("ping") == "PING")
        #expect(try request("verbs") == "HELP")
        #expect(try request("verbs", "PAY") == "HELP PAY")
    }

    @Test func customer_QuotesTheName() throws {
        let line = try request(
            "customer", "C1", "--name", #"Acme "East" \ Ltd"#, "--limit", "1000", "--terms", "30",
            "--class", "B", "--strategic", "yes")
        #expect(line == #"CUSTOMER C1 name="Acme \"East\" \\ Ltd" limit=1000 terms=30 class=B strategic=yes"#)
        #expect(try request("customer", "C1", "--limit", "5") == "CUSTOMER C1 limit=5")
    }

    @Test func invoiceAndPay() throws {
        #expect(
            try request(
                "invoice", "C1", "INV-1", "100.00", "--date", "2026-01-02", "--due", "2026-02-01",
                "--order", "O-1") == "INVOICE C1 INV-1 100.00 date=2026-01-02 due=2026-02-01 order=O-1")
        #expect(try request("pay", "C1", "100", "--ref", "P-1") == "PAY C1 100 ref=P-1")
        #expect(try request("pay", "C1", "100", "--ref", "P-1", "--invoice", "I") == "PAY C1 100 ref=P-1 invoice=I")
    }

    @Test func blockUnblockAndOverrides() throws {
        #expect(
            try request("block", "C1", "--reason", "FRAUD", "--note", #"said "no""#)
                == #"BLOCK C1 reason=FRAUD note="said \"no\"""#)
        #expect(try request("unblock", "C1", "--note", "paid") == #"UNBLOCK C1 note="paid""#)
        #expect(try request("override", "C1", "--for", "2h", "--note", "ok") == #"OVERRIDE C1 for=2h note="ok""#)
        #expect(
            try request(
                "override", "C1", "--until", "2026-01-01T00:00:00Z", "--amount", "50", "--order", "O",
                "--uses", "2", "--by", "dana", "--via", "phone", "--note", "call")
                == #"OVERRIDE C1 until=2026-01-01T00:00:00Z amount=50 order=O uses=2 by=dana via=phone note="call""#)
        #expect(
            try request(
                "override", "C1", "--for", "1d", "--total", "900", "--reasons", "OVER_LIMIT", "--note", "big order")
                == #"OVERRIDE C1 for=1d total=900 reasons=OVER_LIMIT note="big order""#)
        #expect(try request("overrides") == "OVERRIDES")
        #expect(
            try request("request", "C1", "--limit", "5000", "--note", "bigger orders")
                == #"REQUEST C1 limit=5000 note="bigger orders""#)
        #expect(try request("approve", "RQ-1", "--note", "ok") == #"APPROVE RQ-1 note="ok""#)
        #expect(try request("reject", "RQ-1", "--note", "no") == #"REJECT RQ-1 note="no""#)
        #expect(try request("requests") == "REQUESTS")
        #expect(try request("audit", "--limit", "20") == "AUDIT limit=20")
        #expect(try request("reviewed", "C1", "--note", "annual") == #"REVIEWED C1 note="annual""#)
        #expect(
            try request("request", "C1", "--limit", "8000", "--until", "2026-12-31", "--note", "season")
                == #"REQUEST C1 limit=8000 until=2026-12-31 note="season""#)
        #expect(
            try request("customer", "C1", "--limit", "9000", "--note", "contract")
                == #"CUSTOMER C1 limit=9000 note="contract""#)
        #expect(try request("overrides", "C1") == "OVERRIDES C1")
        #expect(try request("confirm", "OV-1") == "CONFIRM OV-1")
        #expect(try request("revoke", "OV-1", "--note", "done") == #"REVOKE OV-1 note="done""#)
    }

    @Test func usersClockAndRaw() throws {
        #expect(try request("user", "add", "bob", "--role", "clerk") == "USER ADD bob role=clerk")
        #expect(
            try request("user", "add", "vic", "--role", "manager", "--override-max", "1500")
                == "USER ADD vic role=manager override_max=1500")
        #expect(try request("user", "del", "bob") == "USER DEL bob")
        #expect(try request("user", "list") == "USER LIST")
        #expect(try request("clock", "set", "2026-03-01T00:00:00Z") == "CLOCK SET 2026-03-01T00:00:00Z")
        #expect(try request("raw", "CHECK C1 100 order=O-7") == "CHECK C1 100 order=O-7")
        #expect(try request("raw", "CHECK", "C1") == "CHECK C1")
    }

    @Test func instrumentsGuaranteesOrdersAndCredits() throws {
        #expect(
            try request("instrument", "C1", "CHQ-1", "1200", "--due", "2026-12-15")
                == "INSTRUMENT C1 CHQ-1 1200 due=2026-12-15")
        #expect(try request("cleared", "CHQ-1") == "CLEARED CHQ-1")
        #expect(try request("bounced", "CHQ-1") == "BOUNCED CHQ-1")
        #expect(try request("guarantee", "C1", "G-1", "5000") == "GUARANTEE C1 G-1 5000")
        #expect(
            try request("guarantee", "C1", "G-1", "5000", "--until", "2027-01-31")
                == "GUARANTEE C1 G-1 5000 until=2027-01-31")
        #expect(try request("release", "G-1") == "RELEASE G-1")
        #expect(try request("order", "release", "O-7") == "RELEASE ORDER O-7")
        #expect(try request("credit", "C1", "CN-1", "50.00") == "CREDIT C1 CN-1 50.00")
        #expect(
            try request("credit", "C1", "CN-1", "50.00", "--invoice", "INV-1") == "CREDIT C1 CN-1 50.00 invoice=INV-1")
    }

    @Test func collections() throws {
        #expect(
            try request("dispute", "C1", "INV-1", "--note", #"wrong "qty""#)
                == #"DISPUTE C1 INV-1 note="wrong \"qty\"""#)
        #expect(
            try request("resolve", "C1", "INV-1", "--note", "credit note sent")
                == #"RESOLVE C1 INV-1 note="credit note sent""#)
        #expect(
            try request("promise", "C1", "500", "--by", "2026-12-01", "--note", "CFO on the phone")
                == #"PROMISE C1 500 by=2026-12-01 note="CFO on the phone""#)
        #expect(
            try request(
                "plan", "C1", "--total", "1200", "--instalments", "4", "--every", "30d", "--first", "2026-12-01",
                "--note", "agreed") == #"PLAN C1 total=1200 instalments=4 every=30d first=2026-12-01 note="agreed""#)
        #expect(
            try request("stage", "C1", "reminder", "--note", "first letter")
                == #"STAGE C1 reminder note="first letter""#)
        #expect(
            try request("note", "C1", "--channel", "call", "--note", "spoke to the CFO")
                == #"NOTE C1 channel=call note="spoke to the CFO""#)
        #expect(
            try request(
                "note", "C1", "--outcome", "will pay 500 on Friday", "--note", "spoke to the CFO", "--channel", "call")
                == #"NOTE C1 channel=call note="spoke to the CFO" outcome="will pay 500 on Friday""#)
    }

    @Test func policy() throws {
        #expect(try request("policy", "show") == "POLICY")
        #expect(try request("policy", "set", "class.C.grace=15") == "POLICY SET class.C.grace=15")
        #expect(
            try request("policy", "set", "class.C.grace=15", "class.C.minimum_overdue=20.00", "override.maximum=3d")
                == "POLICY SET class.C.grace=15 class.C.minimum_overdue=20.00 override.maximum=3d")
        #expect(usageError("policy", "set")?.message == "Missing expected argument '<setting>'")
        #expect(
            usageError("policy", "set", "class.C.grace")?.message
                == "The setting 'class.C.grace' must be key=value, e.g. class.C.grace=15")
        #expect(
            usageError("policy", "set", "=15")?.message == "The setting '=15' must be key=value, e.g. class.C.grace=15")
        #expect(
            usageError("policy", "set", "class.C.grace=")?.message == "The value of 'class.C.grace' cannot be empty")
        #expect(usageError("policy", "set", "class.C.grace=1 5") != nil)
        #expect(usageError("policy", "set", "a b=1") != nil)
    }

    @Test func deskReadsAndAdministration() throws {
        #expect(try request("history", "C1") == "HISTORY C1")
        #expect(try request("history", "C1", "--limit", "20") == "HISTORY C1 limit=20")
        #expect(try request("aging") == "AGING")
        #expect(try request("aging", "C1") == "AGING C1")
        #expect(try request("aging", "--detail") == "AGING detail=yes")
        #expect(try request("aging", "C1", "--detail") == "AGING C1 detail=yes")
        #expect(try request("blocked") == "BLOCKED")
        #expect(try request("watch") == "WATCH")
        #expect(try request("worklist") == "WORKLIST")
        #expect(try request("worklist", "--owner", "carla") == "WORKLIST owner=carla")
        #expect(try request("charges") == "CHARGES")
        #expect(try request("kpi") == "KPI")
        #expect(try request("kpi", "--from", "2026-04-01", "--to", "2026-06-30") == "KPI from=2026-04-01 to=2026-06-30")
        #expect(try request("charges", "L1") == "CHARGES L1")
        #expect(
            try request("charge", "L1", "LC-2-20260615", "366.92", "--note", "contract")
                == #"CHARGE L1 LC-2-20260615 366.92 note="contract""#)
        #expect(
            try request("customer", "K1", "--contact", "Yossi Levi", "--phone", "+972 3 5551234", "--owner", "carla")
                == #"CUSTOMER K1 contact="Yossi Levi" phone="+972 3 5551234" owner="carla""#)
        #expect(
            try request("note", "K1", "--channel", "call", "--note", "on leave", "--follow-up", "2026-06-20")
                == #"NOTE K1 channel=call note="on leave" follow_up=2026-06-20"#)
        #expect(try request("info") == "INFO")
        #expect(try request("snapshot") == "SNAPSHOT")
    }

    @Test func csvFlag_DoesNotChangeTheRequest_AndOnlyTheDeskReadsHaveIt() throws {
        #expect(try request("history", "C1", "--csv", "--limit", "5") == "HISTORY C1 limit=5")
        #expect(try request("aging", "--csv", "--detail") == "AGING detail=yes")
        for words in [
            ["blocked"], ["watch"], ["worklist"], ["status", "C1"], ["policy", "show"], ["info"], ["user", "list"],
        ] {
            guard case .command(let command) = try ClientTool.parse(words + ["--csv"]) else {
                Issue.record("\(words) asked for help")
                continue
            }
            #expect(command.flag("csv"), "\(words)")
        }
        #expect(usageError("check", "C1", "--csv")?.message == "Unknown option '--csv'")
        #expect(usageError("policy", "set", "a=1", "--csv")?.message == "Unknown option '--csv'")
    }

    @Test func missingOptionsOfTheNewVerbs_AreUsageErrors() {
        #expect(
            usageError("instrument", "C1", "CHQ-1", "10")?.message == "Missing expected option '--due <YYYY-MM-DD>'")
        #expect(
            usageError("promise", "C1", "10", "--note", "n")?.message == "Missing expected option '--by <YYYY-MM-DD>'")
        #expect(
            usageError("plan", "C1", "--total", "10", "--instalments", "2", "--every", "30d", "--note", "n")?.message
                == "Missing expected option '--first <YYYY-MM-DD>'")
        #expect(usageError("plan", "C1", "--instalments", "two") != nil)
        #expect(
            usageError("note", "C1", "--note", "n")?.message
                == "Missing expected option '--channel <call|meeting|email|letter|fax|other>'")
        #expect(usageError("dispute", "C1", "INV-1")?.message == "Missing expected option '--note <note>'")
        #expect(usageError("history", "C1", "--limit", "ten") != nil)
        #expect(usageError("order", "release")?.message == "Missing expected argument '<ref>'")
    }

    @Test func importAndExport_AreCheckedWhenParsed_AndAreNotOneRequest() throws {
        #expect(try request("import", "invoices", "x.csv", "--preset", "ibm-ar", "--date-format", "mdy") == nil)
        #expect(try request("export", "aging") == nil)
        #expect(
            usageError("import", "bogus", "x.csv")?.message
                == "cannot import bogus; kinds: customers, invoices, payments")
        #expect(
            usageError("import", "invoices", "x.csv", "--date-format", "ymd")?.message
                == "no date format ymd; formats: iso, dmy, mdy")
        #expect(
            usageError("import", "invoices", "x.csv", "--preset", "sap")?.message == "no preset sap; presets: ibm-ar")
        #expect(usageError("import", "payments", "x.csv", "--batch", "0")?.message == "--batch must be 1-10000, not 0")
        #expect(usageError("export", "history")?.message == "Missing expected argument '<customer>'")
        #expect(usageError("export", "blocked", "C1")?.message == "'export blocked' takes no customer")
        #expect(usageError("export", "users")?.message == "Cannot export 'users'; reports: aging, blocked, history")
        #expect(usageError("export", "aging", "C1 C2") != nil)
    }

    @Test func exportRequest_AgingAsksForEveryCustomer() throws {
        func exportRequest(_ words: String...) throws -> String {
            guard case .command(let command) = try ClientTool.parse(["export"] + words) else { return "help" }
            return try ClientTool.exportRequest(for: command)
        }
        #expect(try exportRequest("aging") == "AGING detail=yes")
        #expect(try exportRequest("aging", "C1") == "AGING C1 detail=yes")
        #expect(try exportRequest("blocked", "--out", "b.csv") == "BLOCKED")
        #expect(try exportRequest("history", "C1") == "HISTORY C1")
    }

    @Test func shell_IsNotOneRequest() throws {
        #expect(try request("shell") == nil)
    }

    @Test func everyVerbOfTheProtocol_HasASubcommand() {
        let covered = Set(SubcommandTable.all.map(\.verb)).union(SubcommandTable.sessionVerbs)
        #expect(covered == Set(VerbTable.all.map(\.name)))
    }

    @Test func missingArgumentsAndOptions_AreUsageErrors() throws {
        let missing = try #require(usageError("check"))
        #expect(
            missing.rendered == """
                Error: Missing expected argument '<customer>'
                Usage: creditgate check <customer> [<amount>] [--order <order>]
                  See 'creditgate check --help' for more information.
                """)
        #expect(usageError("pay", "C1", "100")?.message == "Missing expected option '--ref <ref>'")
        #expect(usageError("block", "C1", "--reason", "X")?.message == "Missing expected option '--note <note>'")
        #expect(usageError("frobnicate", "--help")?.message == "Unknown subcommand 'frobnicate'")
        #expect(usageError("user", "frobnicate")?.usage == "creditgate user <subcommand>")
        #expect(
            usageError("override", "C1", "--note", "n")?.message
                == "Give exactly one of '--for <30m|2h|3d>' or '--until <YYYY-MM-DDThh:mm:ssZ>'")
        #expect(usageError("customer", "C1", "--terms", "thirty") != nil)
        #expect(usageError("--port", "70000", "ping")?.message == "The value '70000' is invalid for '--port <port>'")
        #expect(usageError("frobnicate")?.message == "Unknown subcommand 'frobnicate'")
    }

    @Test func valuesThatWouldChangeTheLine_AreRefused() {
        #expect(
            usageError("check", "C1 C2")?.message.hasPrefix("The value 'C1 C2' of <customer> cannot contain") == true)
        #expect(usageError("check", "C1", "--order", "O amount=5") != nil)
        #expect(usageError("check", "a=b") != nil)
        #expect(
            usageError("block", "C1", "--reason", "X", "--note", "two\nlines")?.message
                == "The value of '--note' cannot contain line breaks or control characters")
        #expect(usageError("raw", "PING\nPING")?.message == "The line to send cannot contain a line break")
        #expect(usageError("raw")?.message == "The line to send is empty")
    }

    @Test func noSubcommand_MeansTheShell_ButHelpIsHelp() throws {
        #expect(try ClientTool.parse([]) == .command(ParsedCommand(path: ["shell"], options: ["timeout": ["5"]])))
        #expect(
            try ClientTool.parse(["--port", "7071"])
                == .command(ParsedCommand(path: ["shell"], options: ["port": ["7071"], "timeout": ["5"]])))
        guard case .help(let text) = try ClientTool.parse(["--help"]) else {
            Issue.record("--help did not ask for help")
            return
        }
        #expect(text.contains("USAGE: creditgate [<options>] <subcommand>"))
        let flowing = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(
            flowing.contains(
                "Exit status: 0 OK or PONG; 1 HOLD or an ERR reply (the server refused); 2 the server is unreachable"))
    }

    /// Required options stand without brackets in the usage line, also when the optional ones
    /// collapse into `[<options>]`.
    @Test func usageLines_MarkRequiredOptions() {
        #expect(
            usageError("pay", "C1")?.usage == "creditgate pay <customer> <amount> --ref <ref> [--invoice <invoice>]")
        #expect(usageError("block", "C1")?.usage == "creditgate block <customer> --reason <code> --note <note>")
        #expect(usageError("check")?.usage == "creditgate check <customer> [<amount>] [--order <order>]")
        #expect(
            usageError("plan")?.usage == "creditgate plan <customer> --total <money> --instalments <n> --every <days> "
                + "--first <YYYY-MM-DD> --note <note> [<options>]")
    }
}
