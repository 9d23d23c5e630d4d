import CreditNet
import Glibc

/// `creditgated --config <file>`: one setting per line as `key = value`, where the key is a
/// command-line option's long name without dashes (`fsync = batch`, `demo = yes`). `#` starts
/// a comment at the start of a line or after a space; a value may be put in double quotes to
/// keep a `#` or surrounding spaces. Anything else — an unknown key, a line without `=`, a key
/// given twice, a value the option refuses — stops start-up with the file and line, so a typo
/// never goes unnoticed. The command line is applied after the file, so it wins.
struct ConfigurationFile {
    struct Entry {
        let line: Int
        let option: ServerOption
        let value: String
    }

    let path: String
    let entries: [Entry]

    static func load(_ path: String) throws(Server.ConfigurationError) -> ConfigurationFile {
        let text: String
        do {
            text = try read(path)
        } catch {
            throw Server.ConfigurationError("cannot read the configuration file \(path): \(error)", inFile: true)
        }
        return try parse(text, path: path)
    }

    static func parse(_ text: String, path: String) throws(Server.ConfigurationError) -> ConfigurationFile {
        var entries: [Entry] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            func failure(_ message: String) -> Server.ConfigurationError {
                Server.ConfigurationError("\(path):\(number): \(message)", inFile: true)
            }
            let line = withoutComment(rawLine).trimmed
            if line.isEmpty { continue }
            guard let equals = line.firstIndex(of: "=") else { throw failure("expected 'key = value', got '\(line)'") }
            let key = line[..<equals].trimmed
            var value = line[line.index(after: equals)...].trimmed
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast())
            }
            guard let option = ServerOption.named(key) else {
                throw failure(
                    "unknown setting '\(key)'; settings: \(ServerOption.all.map(\.name).joined(separator: ", "))")
            }
            if let earlier = entries.first(where: { $0.option.name == key }) {
                throw failure("\(key) is set twice (first on line \(earlier.line))")
            }
            guard !value.isEmpty else { throw failure("\(key) needs a value") }
            entries.append(Entry(line: number, option: option, value: value))
        }
        return ConfigurationFile(path: path, entries: entries)
    }

    /// Applies every entry in file order; a refused value names its line.
    func apply(to configuration: inout Server.Configuration) throws(Server.ConfigurationError) {
        for entry in entries {
            do throws(ServerOption.Problem) {
                try entry.option.apply(&configuration, entry.value)
            } catch {
                throw Server.ConfigurationError(
                    "\(path):\(entry.line): \(entry.option.name) \(error.text)", inFile: true)
            }
        }
    }

    /// The line up to a `#` that starts it or follows a space, outside double quotes.
    private static func withoutComment(_ line: Substring) -> Substring {
        var quoted = false
        var previous: Character = " "
        for index in line.indices {
            let character = line[index]
            if character == "\"" { quoted.toggle() }
            if character == "#", !quoted, previous == " " || previous == "\t" { return line[..<index] }
            previous = character
        }
        return line
    }

    /// The whole file as text.
    static func read(_ path: String) throws -> String {
        let fd = try Syscall.open(path, flags: O_RDONLY)
        defer { Syscall.close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let outcome = try chunk.withUnsafeMutableBytes { raw in
                try Syscall.read(fd, into: raw.baseAddress!, count: raw.count)
            }
            guard case .transferred(let count) = outcome, count > 0 else { break }
            bytes += chunk[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension StringProtocol {
    fileprivate var trimmed: String {
        String(
            drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }
                .reversed())
    }
}
