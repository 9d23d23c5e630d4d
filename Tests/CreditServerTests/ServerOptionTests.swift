import CreditNet
import CreditStore
import Testing

@testable import CreditServer

/// `creditgated`'s command line parsed in process: every setting from ``ServerOption/all``.
@Suite struct ServerOptionTests {
    static func configuration(_ arguments: [String], environment: [String: String] = [:]) throws -> Server.Configuration
    {
        guard case .run(let configuration) = try Server.invocation(arguments, environment: environment) else {
            throw ConfigurationExpected()
        }
        return configuration
    }

    struct ConfigurationExpected: Error {}

    static func refusal(_ arguments: [String]) -> String? {
        do {
            _ = try Server.invocation(arguments, environment: [:])
            return nil
        } catch {
            return error.description
        }
    }

    @Test func values_SpelledEitherWay_AndFlags() throws {
        let configuration = try Self.configuration([
            "--listen", "127.0.0.1:0", "--fsync=always", "--demo",
            "--max-connections", "7", "--metrics", "off",
        ])
        #expect(configuration.listen.description == "127.0.0.1:0")
        #expect(configuration.fsync == .always)
        #expect(configuration.demo)
        #expect(configuration.maxConnections == 7)
        #expect(configuration.metrics == nil)
        #expect(configuration.snapshotsKept == 3)
    }

    @Test func badValues_NameTheOptionAsSpelled() {
        #expect(Self.refusal(["--fsync", "sometimes"]) == "--fsync must be always, batch or everysec")
        #expect(Self.refusal(["--snapshots-kept=0"]) == "--snapshots-kept must be a whole number from 1 to 100")
        #expect(Self.refusal(["--demo=yes"]) == "--demo takes no value")
        #expect(Self.refusal(["--listen"]) == "--listen needs a value")
        #expect(Self.refusal(["--frobnicate"]) == "unknown option '--frobnicate'")
        #expect(Self.refusal(["listen"]) == "unknown option 'listen'")
        #expect(Self.refusal(["--verify"]) == "--verify needs a folder: a data folder or a backup")
    }

    @Test func helpAndCheckConfig_ListEverySetting() throws {
        guard case .show(let usage) = try Server.invocation(["--help"], environment: [:]),
            case .show(let settings) = try Server.invocation(
                ["--check-config", "--timezone", "Europe/Berlin"], environment: [:])
        else {
            Issue.record("--help and --check-config show text")
            return
        }
        for option in ServerOption.all {
            #expect(usage.contains("  --\(option.name)"), "--help lacks --\(option.name)")
            #expect(settings.contains("\n\(option.name) = "), "--check-config lacks \(option.name)")
        }
        #expect(settings.contains("\ntimezone = Europe/Berlin\n"))
    }

    @Test func environment_ShortAdminSecretIsRefused_ReplicaNeedsItsSecret() {
        #expect(throws: Server.ConfigurationError.self) {
            try Server.invocation([], environment: ["CREDITGATE_ADMIN_SECRET": "short"])
        }
        #expect(
            Self.refusal(["--replica-of", "10.0.0.5:7070", "--replica-user", "r1"])?
                .hasPrefix("--replica-of needs --replica-user <name> and that user's secret") == true)
    }
}
