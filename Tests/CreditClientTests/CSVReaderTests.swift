import CreditClient
import Testing

@Suite struct CSVReaderTests {
    typealias Record = CSVReader.Record
    let reader = CSVReader()

    @Test func plainRecords_WithLFOrCRLF_GiveTheSameFields() {
        let expected = [Record(line: 1, fields: ["a", "b", "c"]), Record(line: 2, fields: ["1", "", "3"])]
        #expect(reader.records(in: "a,b,c\n1,,3\n") == expected)
        #expect(reader.records(in: "a,b,c\r\n1,,3\r\n") == expected)
        #expect(reader.records(in: "a,b,c\r\n1,,3") == expected, "no line break at the end")
    }

    @Test func byteOrderMark_IsSkipped() {
        #expect(
            reader.records(in: "\u{FEFF}id,name\nC1,Acme\n") == [
                Record(line: 1, fields: ["id", "name"]), Record(line: 2, fields: ["C1", "Acme"]),
            ])
    }

    @Test func quotedFields_HoldSeparatorsDoubledQuotesAndLineBreaks() {
        let text = "id,name,note\r\nC1,\"Acme, Ltd\",\"said \"\"hi\"\"\"\r\nC2,\"two\r\nlines\",\"\"\r\nC3,x,y\r\n"
        #expect(
            reader.records(in: text) == [
                Record(line: 1, fields: ["id", "name", "note"]),
                Record(line: 2, fields: ["C1", "Acme, Ltd", "said \"hi\""]),
                Record(line: 3, fields: ["C2", "two\r\nlines", ""]),
                Record(line: 5, fields: ["C3", "x", "y"]),  // the file's line, after the two-line record
            ])
    }

    @Test func emptyLines_AreNotRecords_ButCountAsLines() {
        #expect(
            reader.records(in: "a\n\n1\r\n\r\n2\n") == [
                Record(line: 1, fields: ["a"]), Record(line: 3, fields: ["1"]), Record(line: 5, fields: ["2"]),
            ])
    }

    @Test func strayQuote_MarksOnlyItsRecord() {
        let records = reader.records(in: "a,b\n1,x\"y\n2,\"z\"w\n3,ok\n")
        #expect(records.map(\.line) == [1, 2, 3, 4])
        #expect(records.map { $0.problem != nil } == [false, true, true, false])
        #expect(records[3] == Record(line: 4, fields: ["3", "ok"]))
    }

    @Test func unterminatedQuote_IsReportedOnTheLineItOpens() {
        let records = reader.records(in: "a,b\n1,ok\n2,\"never closed\n3,x\n")
        #expect(records.count == 3)
        #expect(records[2].line == 3)
        #expect(records[2].problem == "the quote opened on line 3 is never closed")
    }

    @Test func utf8Text_SurvivesUnchanged() {
        #expect(
            reader.records(in: "name\n\"חברה בע\"\"מ\"\nБългария ООД\n").map(\.fields) == [
                ["name"], ["חברה בע\"מ"], ["България ООД"],
            ])
    }

    @Test func writer_QuotesOnlyWhatNeedsIt_AndReadsBack() {
        let writer = CSVWriter()
        let rows = [["plain", "a,b", "say \"x\"", "two\nlines", " padded", ""]]
        let text = writer.document(header: ["1", "2", "3", "4", "5", "6"], rows: rows)
        #expect(text == "1,2,3,4,5,6\r\nplain,\"a,b\",\"say \"\"x\"\"\",\"two\nlines\",\" padded\",\r\n")
        #expect(reader.records(in: text).map(\.fields).dropFirst().first == rows[0])
    }
}
