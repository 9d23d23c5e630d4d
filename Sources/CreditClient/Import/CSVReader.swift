/// Reads RFC 4180 CSV: fields separated by commas, records by CRLF or LF; a field in double
/// quotes may hold commas, line breaks and doubled quotes (`""` is one `"`). A UTF-8 byte-order
/// mark at the start is skipped and completely empty lines are ignored.
///
/// Every record carries the file line it starts on (1-based, the header is usually line 1), so
/// a report can send a clerk to the right line even when a quoted field spans several lines.
/// A record that breaks the quoting rules is kept, with `problem` set, so an importer rejects
/// that row alone instead of the whole file.
public struct CSVReader: Sendable {
    public struct Record: Sendable, Equatable {
        /// The file line on which the record starts.
        public var line: Int
        public var fields: [String]
        /// Why the record is malformed (a stray or unterminated quote), or nil.
        public var problem: String?

        public init(line: Int, fields: [String], problem: String? = nil) {
            self.line = line
            self.fields = fields
            self.problem = problem
        }
    }

    public let separator: UInt8

    public init(separator: Character = ",") {
        self.separator = separator.asciiValue ?? UInt8(ascii: ",")
    }

    /// All records of `text`, the header included.
    public func records(in text: String) -> [Record] {
        records(in: Array(text.utf8))
    }

    /// All records of UTF-8 `bytes`, the header included.
    public func records(in bytes: [UInt8]) -> [Record] {
        let quote = UInt8(ascii: "\"")
        let cr = UInt8(ascii: "\r")
        let lf = UInt8(ascii: "\n")
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var line = 1
        var result: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var recordLine = 1
        var problem: String?
        var atFieldStart = true

        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            atFieldStart = true
        }
        func endRecord() {
            endField()
            // A line with nothing on it is not a record (RFC 4180 has none; files end with one).
            if !(fields.count == 1 && fields[0].isEmpty && problem == nil) {
                result.append(Record(line: recordLine, fields: fields, problem: problem))
            }
            fields.removeAll(keepingCapacity: true)
            problem = nil
        }

        while index < bytes.count {
            let byte = bytes[index]
            if atFieldStart && byte == quote {
                // A quoted field: runs to the quote that is not doubled.
                atFieldStart = false
                let openedOn = line
                index += 1
                var closed = false
                while index < bytes.count {
                    let inner = bytes[index]
                    if inner == quote {
                        if index + 1 < bytes.count && bytes[index + 1] == quote {
                            field.append(quote)
                            index += 2
                            continue
                        }
                        index += 1
                        closed = true
                        break
                    }
                    if inner == lf { line += 1 }
                    field.append(inner)
                    index += 1
                }
                if !closed {
                    problem = problem ?? "the quote opened on line \(openedOn) is never closed"
                    break
                }
                // After the closing quote only a separator or the end of the line may follow.
                if index < bytes.count, bytes[index] != separator, bytes[index] != cr, bytes[index] != lf {
                    problem = problem ?? "text after a closing quote"
                }
                continue
            }
            switch byte {
            case separator:
                endField()
            case lf:
                endRecord()
                line += 1
                recordLine = line
            case cr where index + 1 < bytes.count && bytes[index + 1] == lf:
                break  // the CR of a CRLF
            case quote:
                problem = problem ?? "a quote inside an unquoted field"
                field.append(byte)
                atFieldStart = false
            default:
                field.append(byte)
                atFieldStart = false
            }
            index += 1
        }
        if !(fields.isEmpty && field.isEmpty && atFieldStart && problem == nil) {
            endRecord()
        }
        return result
    }
}
