import Testing

@Suite struct SmokeTests {
    @Test func demo_AnswersEveryKindOfCheck() throws {
        let server = try ServerProcess(["--demo"])
        let client = try server.connect()
        try client.expect("PING", "PONG")
        try client.expect("CHECK C1001 100", "OK C1001 available=7500.00 exposure=2500.00")
        try client.expect(
            "CHECK C1002 500",
            "HOLD C1002 reasons=OVER_LIMIT available=200.00 exposure=4800.00 limit=5000.00 amount=500.00")
        try client.expect(
            "CHECK C1005",
            "HOLD C1005 reasons=MANUAL available=10000.00 exposure=0.00 limit=10000.00 amount=0.00 block=FRAUD")
        try client.expect("CHECK C9999", "ERR UNKNOWN_CUSTOMER C9999 is not a customer")
    }

    @Test func acknowledgedWrites_SurviveSIGKILL() throws {
        let server = try ServerProcess()
        let admin = try server.admin()
        try admin.expect("CUSTOMER C1 limit=1000", "OK C1 created")
        try admin.expect("INVOICE C1 I1 400 date=2026-01-01 due=2026-12-31", startsWith: "OK C1 invoice=I1")
        try server.restart()
        let client = try server.connect()
        try client.expect("CHECK C1 100", "OK C1 available=600.00 exposure=400.00")
    }
}
