import CreditCore
import CreditProtocol
import Testing

/// Every verb of the table × every role, and unsigned: the dispatcher's one
/// authorization check (STYLE rule 4) answers AUTH_REQUIRED, FORBIDDEN, or
/// lets the request through, exactly as each spec's `role` and the order
/// replica < terminal < clerk < manager < admin say — SYNC and ACK being the replica role's alone.
@Suite struct AuthorizationMatrixTests {
    /// A request line for each verb; arguments only need to reach the dispatcher.
    /// AUTH is built per caller (a successful sign-in, so the failure throttle never trips).
    static let samples: [String: String] = [
        "CHECK": "CHECK C1001 100",
        "STATUS": "STATUS C1001",
        "PING": "PING",
        "HELP": "HELP CHECK",
        "QUIT": "QUIT",
        "AUTH": "",
        "CUSTOMER": "CUSTOMER M1 limit=100",
        "INVOICE": "INVOICE M1 MI-1 10",
        "PAY": "PAY C1001 1 ref=MATRIX-1",
        "BLOCK": "BLOCK C1002 reason=TEST note=\"matrix\"",
        // C1001 has no block: every role that may UNBLOCK reaches the ledger (NOT_BLOCKED); C1005's
        // block is the demo's manager-level block, which a clerk may not lift.
        "UNBLOCK": "UNBLOCK C1001 note=\"matrix\"",
        // A clerk's use of OVERRIDE is recording a manager's phone approval; issuing one
        // in their own name is refused by the ledger (a rule on the arguments, not the role).
        "OVERRIDE": "OVERRIDE C1003 for=30m by=matrix-manager via=phone note=\"matrix\"",
        "OVERRIDES": "OVERRIDES C1001",
        "REQUEST": "REQUEST C1001 limit=1 note=\"matrix\"",
        "APPROVE": "APPROVE RQ-999 note=\"matrix\"",
        "REJECT": "REJECT RQ-999 note=\"matrix\"",
        "REQUESTS": "REQUESTS",
        "REVIEWED": "REVIEWED C1001 note=\"matrix\"",
        "CONFIRM": "CONFIRM OV-999",
        "REVOKE": "REVOKE OV-999 note=\"matrix\"",
        "USER ADD": "USER ADD matrix-new role=terminal",
        "USER DEL": "USER DEL matrix-nobody",
        "USER LIST": "USER LIST",
        "USER SECRET": "USER SECRET matrix-nobody",
        "CLOCK SET": "CLOCK SET 2026-01-01T00:00:00Z",
        "INFO": "INFO",
        "SNAPSHOT": "SNAPSHOT",
        // /proc takes no folder: an admin's BACKUP is refused by the disk, after authorization.
        "BACKUP": "BACKUP /proc/creditgate-matrix-backup",
        "AUDIT": "AUDIT limit=5",
        "INSTRUMENT": "INSTRUMENT C1003 MATRIX-CHQ 10 due=2027-01-01",
        "CLEARED": "CLEARED MATRIX-NONE",
        "BOUNCED": "BOUNCED MATRIX-NONE",
        "GUARANTEE": "GUARANTEE C1002 MATRIX-G 10",
        "RELEASE": "RELEASE MATRIX-NONE",
        "RELEASE ORDER": "RELEASE ORDER MATRIX-NONE",
        "CREDIT": "CREDIT C1001 MATRIX-CN 1",
        "DISPUTE": "DISPUTE C1001 NOPE note=\"matrix\"",
        "RESOLVE": "RESOLVE C1001 NOPE note=\"matrix\"",
        "VOID": "VOID C1001 NOPE note=\"matrix\"",
        "PROMISE": "PROMISE C1003 10 by=2099-01-01 note=\"matrix\"",
        "PLAN": "PLAN C1003 total=10 instalments=2 every=30d first=2099-01-01 note=\"matrix\"",
        "STAGE": "STAGE C1001 reminder note=\"matrix\"",
        "POLICY": "POLICY",
        "POLICY SET": "POLICY SET watch.days=7",
        "NOTE": "NOTE C1001 channel=call note=\"matrix\"",
        "HISTORY": "HISTORY C1001 limit=1",
        "AGING": "AGING C1001",
        "BLOCKED": "BLOCKED",
        "WATCH": "WATCH",
        "WORKLIST": "WORKLIST",
        "CHARGES": "CHARGES C1001",
        "KPI": "KPI",
        "CHARGE": "CHARGE C1001 LC-1-20260101 1 note=\"matrix\"",
        "ROLE": "ROLE",
        "SYNC": "SYNC 0",
        "ACK": "ACK 1",
        "HELD": "HELD C1001 1.00 reasons=OVER_LIMIT by=pos1 role=terminal at=2026-11-23T10:06:54Z day=2026-11-23",
        "PROMOTE": "PROMOTE note=\"matrix\"",
        // Admin comes last: the changes after its FENCE answer ERR FENCED, which is neither class of refusal.
        "FENCE": "FENCE note=\"matrix\"",
        "FOLLOW": "FOLLOW 127.0.0.1:7070 note=\"matrix\"",
    ]

    enum Expected: Equatable {
        case authRequired
        case forbidden(needed: Role)
        case allowed
    }

    static func expected(_ spec: VerbSpec, role: Role?, openCheck: Bool) -> Expected {
        guard let needed = spec.role else { return .allowed }
        guard let role else {
            return spec.name == "CHECK" && openCheck ? .allowed : .authRequired
        }
        if ["SYNC", "ACK", "HELD"].contains(spec.name), role != .replica { return .forbidden(needed: .replica) }
        return role >= needed ? .allowed : .forbidden(needed: needed)
    }

    @Test func samples_CoverEveryVerbOfTheTable() {
        #expect(Set(AuthorizationMatrixTests.samples.keys) == Set(VerbTable.all.map(\.name)))
    }

    /// CHECK with `order=` reserves credit for days: it needs a signed-in user (terminal or
    /// above) even where unsigned CHECK is open.
    @Test func checkWithOrder_NeedsSignIn_EvenWhereCheckIsOpen() throws {
        let server = try ServerProcess(["--demo", "--open-check", "any"])
        let unsigned = try server.connect()
        try unsigned.expect(
            "CHECK C1001 100 order=ORD-1", "ERR AUTH_REQUIRED CHECK with order= needs AUTH <user> <secret> first")
        try unsigned.expect("CHECK C1001 100", "OK C1001 available=7500.00 exposure=2500.00")
        let admin = try server.admin()
        let terminal = try server.user("till", role: "terminal", via: admin)
        try terminal.expect("CHECK C1001 100 order=ORD-1", "OK C1001 available=7500.00 exposure=2500.00")
        try unsigned.expect("CHECK C1001 0", "OK C1001 available=7400.00 exposure=2500.00 reserved=100.00")
    }

    /// `loopback` (the default; tests connect from 127.0.0.1, so CHECK is open) and `none`.
    @Test(arguments: ["loopback", "none"])
    func everyVerb_ByEveryRole_GetsTheDocumentedClassOfReply(openCheck: String) throws {
        let server = try ServerProcess(["--demo", "--open-check", openCheck])
        let admin = try server.admin()
        var secrets: [Role: (name: String, secret: String)] = [:]
        for role in Role.allCases {
            let name = "matrix-\(role)"
            let reply = try admin.request("USER ADD \(name) role=\(role)")
            guard let secret = reply.split(separator: " ").first(where: { $0.hasPrefix("secret=") })?.dropFirst(7)
            else {
                throw TestFailure("USER ADD answered \(reply)")
            }
            secrets[role] = (name, String(secret))
        }
        let callers: [Role?] = [nil] + Role.allCases
        for role in callers {
            for spec in VerbTable.all {
                let client = try server.connect()
                if let role {
                    try client.expect(
                        "AUTH \(secrets[role]!.name) \(secrets[role]!.secret)",
                        "OK \(secrets[role]!.name) role=\(role)")
                }
                var line = AuthorizationMatrixTests.samples[spec.name] ?? spec.name
                if spec.name == "AUTH" {
                    line =
                        role.map { "AUTH \(secrets[$0]!.name) \(secrets[$0]!.secret)" }
                        ?? "AUTH admin \(ServerProcess.adminSecret)"
                }
                let reply = try client.reply(line)[0]
                let who = role.map { "\($0)" } ?? "unsigned"
                switch AuthorizationMatrixTests.expected(spec, role: role, openCheck: openCheck != "none") {
                case .authRequired:
                    #expect(
                        reply == "ERR AUTH_REQUIRED \(spec.name) needs AUTH <user> <secret> first", "\(who): \(line)")
                case .forbidden(let needed):
                    #expect(
                        reply
                            == "ERR FORBIDDEN \(spec.name) needs the \(needed) role; \(secrets[role!]!.name) is \(role!)",
                        "\(who): \(line)")
                case .allowed:
                    #expect(
                        !reply.hasPrefix("ERR AUTH_REQUIRED ") && !reply.hasPrefix("ERR FORBIDDEN "),
                        "\(who): \(line) → \(reply)")
                }
            }
        }
    }
}
