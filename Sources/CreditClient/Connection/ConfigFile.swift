import Foundation

/// `~/.creditgate`: `key=value` lines (`user`, `secret`, `host`, `port`, `servers`; `#` starts a comment)
/// so a secret never has to appear on a command line, where `ps` and shell history would show
/// it. Because it holds a secret, it is refused unless only its owner can read it (mode 0600),
/// as ssh refuses a private key that others can read.
struct ConfigFile: Equatable {
    static let keys: Set<String> = ["user", "secret", "host", "port", "servers"]

    var values: [String: String]

    /// The file at `path`, or nil when there is none. Refuses a file that group or others may
    /// read or write, and any line it does not understand (a typo must not go unnoticed).
    static func load(path: String) throws(ClientError) -> ConfigFile? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let attributes: [FileAttributeKey: Any]
        let text: String
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ClientError.configuration("cannot read \(path): \(error.localizedDescription)")
        }
        let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0o777
        if mode & 0o077 != 0 {
            throw ClientError.configuration(
                "\(path) holds a secret but group or others may access it (mode \(String(mode, radix: 8))); "
                    + "run 'chmod 600 \(path)'")
        }
        return try parse(text, path: path)
    }

    static func parse(_ text: String, path: String) throws(ClientError) -> ConfigFile {
        var values: [String: String] = [:]
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let equals = line.firstIndex(of: "="),
                case let key = line[..<equals].trimmingCharacters(in: .whitespaces), keys.contains(key)
            else {
                throw ClientError.configuration(
                    "\(path):\(index + 1): expected one of \(keys.sorted().map { "\($0)=" }.joined(separator: ", "))")
            }
            values[key] = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        }
        return ConfigFile(values: values)
    }
}
