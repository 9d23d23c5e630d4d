import CreditCore
import Foundation

/// The error codes protocol.md promises, read from the repository's copy:
/// each verb's section (every `ERR <CODE>` in it), and the codes any verb may
/// answer (the backquoted codes of §3's paragraph that begins "Any verb").
enum ProtocolDocument {
    static let text: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent("protocol.md"), encoding: .utf8)) ?? ""
    }()

    static func codes(of verb: String) -> Set<ErrorCode> {
        guard let start = text.range(of: "\n### \(verb)\n") else { return [] }
        let rest = text[start.upperBound...]
        let section = rest[..<(rest.range(of: "\n#")?.lowerBound ?? rest.endIndex)]
        return Set(section.components(separatedBy: "ERR ").dropFirst().compactMap { ErrorCode(rawValue: word($0)) })
    }

    static let anyVerbCodes: Set<ErrorCode> = {
        guard let start = text.range(of: "\nAny verb") else { return [] }
        let paragraph = text[start.upperBound...].prefix { $0 != "#" }.components(separatedBy: "\n\n")[0]
        return Set(paragraph.components(separatedBy: "`").compactMap { ErrorCode(rawValue: $0) })
    }()

    private static func word(_ text: String) -> String {
        String(text.prefix { $0.isUppercase || $0 == "_" })
    }
}
