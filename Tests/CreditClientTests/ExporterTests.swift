import CreditClient
import Testing

@Suite struct ExporterTests {
    @Test func replyRecord_KeysPositionalsAndQuotedValues() throws {
        let record = try #require(
            ReplyRecord(parsing: #"customer C1005 name="Blocked \"Goods\" Ltd" class=B note="a=b c\\d" empty= x"#))
        #expect(record.kind == "customer")
        #expect(record.pairs.map(\.key) == ["id", "name", "class", "note", "empty", "id2"])
        #expect(record.pairs.map(\.value) == ["C1005", #"Blocked "Goods" Ltd"#, "B", #"a=b c\d"#, "", "x"])
        #expect(ReplyRecord(parsing: #"block note="never closed"#) == nil)
    }

    @Test func table_HeaderInFirstSeenOrder_CellsByKey() {
        let lines = [
            #"customer C1 name="Acme, Ltd" class=A"#,
            "credit state=HOLD exposure=10.00",
            "invoice I-1 amount=10.00 open=10.00",
        ]
        let table = ExportTable(records: lines.compactMap(ReplyRecord.init(parsing:)))
        #expect(table.header == ["kind", "id", "name", "class", "state", "exposure", "amount", "open"])
        #expect(
            table.csv() == """
                kind,id,name,class,state,exposure,amount,open\r
                customer,C1,"Acme, Ltd",A,,,,\r
                credit,,,,HOLD,10.00,,\r
                invoice,I-1,,,,,10.00,10.00\r

                """)
    }

    @Test func table_OfPairs_OneRowPerKey() {
        let lines = ["policy class.A.terms=30", "policy default.class=B override.maximum=7d"]
        let table = ExportTable(pairsOf: lines.compactMap(ReplyRecord.init(parsing:)))
        #expect(table.header == ["kind", "key", "value"])
        #expect(
            table.rows == [
                ["policy", "class.A.terms", "30"], ["policy", "default.class", "B"],
                ["policy", "override.maximum", "7d"],
            ])
    }

    @Test func exporter_SendsOneRequest_AndReadsTheBody() throws {
        var sent: [String] = []
        let exporter = Exporter(request: Exporter.request(report: "history", arguments: ["C1"])) { lines in
            sent = lines
            return [["OK *2 history", "event kind=PAY at=2026-01-01T00:00:00Z", "event kind=BLOCK note=\"x y\""]]
        }
        let table = try exporter.run()
        #expect(sent == ["HISTORY C1"])
        #expect(table.header == ["kind", "kind2", "at", "note"])
        #expect(table.rows == [["event", "PAY", "2026-01-01T00:00:00Z", ""], ["event", "BLOCK", "", "x y"]])
    }

    @Test func exporter_ServerErrors_AndSingleLineReplies_Throw() {
        let refused = Exporter(request: "AGING") { _ in [["ERR UNKNOWN_VERB no such verb AGING"]] }
        #expect(throws: ExportError.server(code: "UNKNOWN_VERB", message: "no such verb AGING")) { try refused.run() }
        let single = Exporter(request: "PING") { _ in [["PONG"]] }
        #expect(throws: ExportError.notAListing("PONG")) { try single.run() }
    }
}
