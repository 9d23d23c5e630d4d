/// Why an import could not start or could not go on; a bad row is not an ImportError but a
/// ``ImportReport/Rejection``. The CLI prints the description and exits 64 (the options, the file
/// or its columns are wrong), or 2 for `.replyCount` (the connection failed).
public enum ImportError: Error, Equatable, Sendable, CustomStringConvertible {
    case badColumnOption(String)
    case unknownField(String, kind: ImportKind)
    case unknownPreset(String)
    case unknownKind(String)
    case unknownDateFormat(String)
    case badOption(String)
    case missingColumn(field: String, column: String, header: [String])
    case emptyFile(String)
    case unreadable(path: String, reason: String)
    /// The connection gave fewer or more replies than requests were sent.
    case replyCount(sent: Int, received: Int)

    public var description: String {
        switch self {
        case .badColumnOption(let text):
            "--column takes field=Header, not \(text)"
        case .unknownField(let field, let kind):
            "\(kind.rawValue) have no field \(field); fields: \(kind.fields.joined(separator: ", "))"
        case .unknownPreset(let name):
            "no preset \(name); presets: \(ImportMapping.Preset.allCases.map(\.rawValue).joined(separator: ", "))"
        case .unknownKind(let name):
            "cannot import \(name); kinds: \(ImportKind.allCases.map(\.rawValue).joined(separator: ", "))"
        case .unknownDateFormat(let name):
            "no date format \(name); formats: \(DateFormat.allCases.map(\.rawValue).joined(separator: ", "))"
        case .badOption(let message):
            message
        case .missingColumn(let field, let column, let header):
            "the file has no column \(column) for \(field) (columns: \(header.joined(separator: ", ")))"
        case .emptyFile(let path):
            "\(path) has no header row"
        case .unreadable(let path, let reason):
            "cannot read \(path): \(reason)"
        case .replyCount(let sent, let received):
            "sent \(sent) requests but received \(received) replies"
        }
    }
}
