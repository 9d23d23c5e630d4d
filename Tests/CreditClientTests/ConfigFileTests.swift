import Testing

@testable import CreditClient

@Suite struct ConfigFileTests {
    @Test func parse_KeysCommentsAndBlankLines() throws {
        let file = try ConfigFile.parse("# mine\nuser = clerk1\n\nsecret=abc=def\nport=7071\n", path: "~/.creditgate")
        #expect(file.values == ["user": "clerk1", "secret": "abc=def", "port": "7071"])
    }

    @Test func parse_RefusesUnknownLines() {
        #expect(
            throws: ClientError.configuration("~/.creditgate:2: expected one of host=, port=, secret=, servers=, user=")
        ) {
            try ConfigFile.parse("user=a\npasword=x\n", path: "~/.creditgate")
        }
    }

    @Test func settings_SecretFromEnvironment_UserRequiresASecret() throws {
        let command = ParsedCommand(path: ["ping"], options: ["user": ["bob"], "port": ["7071"]])
        let settings = try ConnectionSettings.resolve(command, environment: ["CREDITGATE_SECRET": "s"])
        #expect(settings == ConnectionSettings(address: .init(host: "127.0.0.1", port: 7071), user: "bob", secret: "s"))
        #expect(throws: ClientError.self) { try ConnectionSettings.resolve(command, environment: [:]) }
        let anonymous = try ConnectionSettings.resolve(
            ParsedCommand(path: ["ping"]), environment: ["CREDITGATE_SECRET": "s"])
        #expect(anonymous.user == nil && anonymous.secret == nil && anonymous.address.port == 7070)
    }
}
