/// Rows for a CSV export: a header and rows of the same width.
public struct ExportTable: Sendable, Equatable {
    public var header: [String]
    public var rows: [[String]]

    public init(header: [String], rows: [[String]]) {
        self.header = header
        self.rows = rows
    }

    /// The table of reply body lines: the first column is `kind`, the others the keys in the
    /// order first seen across all lines; a line without a key leaves its cell empty. A key
    /// repeated within one line keeps its last value. A body key named `kind` (say
    /// `event kind=PAY`) is the column `kind2`, so it cannot overwrite the line's own kind.
    public init(records: [ReplyRecord]) {
        var header = ["kind"]
        var position: [String: Int] = ["kind": 0]
        for record in records {
            for key in record.pairs.map({ ExportTable.column($0.key) }) where position[key] == nil {
                position[key] = header.count
                header.append(key)
            }
        }
        rows = records.map { record in
            var row = Array(repeating: "", count: header.count)
            row[0] = record.kind
            for (key, value) in record.pairs { row[position[ExportTable.column(key)]!] = value }
            return row
        }
        self.header = header
    }

    /// The long form, for listings of one setting per line (`policy class.A.terms=30`): the
    /// columns `kind,key,value` and one row per key=value word.
    public init(pairsOf records: [ReplyRecord]) {
        header = ["kind", "key", "value"]
        rows = records.flatMap { record in record.pairs.map { [record.kind, $0.key, $0.value] } }
    }

    private static func column(_ key: String) -> String {
        key == "kind" ? "kind2" : key
    }

    /// The table as CSV text.
    public func csv(_ writer: CSVWriter = CSVWriter()) -> String {
        writer.document(header: header, rows: rows)
    }
}
