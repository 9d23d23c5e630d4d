import CreditServer
import Foundation

// creditgated: flags (and --config) → Configuration → Server.run (signals are handled inside).
let arguments = Array(CommandLine.arguments.dropFirst())
func fail(_ message: String, status: Int32) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(status)
}
do {
    switch try Server.invocation(arguments, environment: ProcessInfo.processInfo.environment) {
    case .show(let text):
        print(text)
    case .run(let configuration):
        let server = try Server(configuration: configuration)
        try server.run()
    case .resetAdmin(let configuration):
        print(try Server.resetAdmin(configuration: configuration))
    case .verify(let folder):
        let (intact, lines) = Server.verify(folder)
        print(lines.joined(separator: "\n"))
        exit(intact ? 0 : 1)
    }
    exit(0)
} catch let error as Server.ConfigurationError where error.inFile {
    fail("creditgated: \(error)", status: 78)
} catch let error as Server.ConfigurationError {
    fail(
        "Error: \(error)\nUsage: creditgated [--listen <addr:port>] [--data <dir>] [--demo] [<options>]\n"
            + "  See 'creditgated --help' for more information.", status: 64)
} catch {
    fail("creditgated: cannot start: \(error)", status: 1)
}
