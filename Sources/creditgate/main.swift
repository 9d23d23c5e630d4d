import CreditBench
import CreditClient
import Foundation

// creditgate: Arguments.parse → Client → print → exit code (see ExitCode and `creditgate --help`).
let environment = ProcessInfo.processInfo.environment
do {
    switch try ClientTool.parse(Array(CommandLine.arguments.dropFirst()), extensions: [Bench.command]) {
    case .help(let text):
        print(text)
        exit(ExitCode.success)
    case .command(let command):
        exit(ClientTool.run(command, environment: environment, extensions: [Bench.command]))
    }
} catch {
    FileHandle.standardError.write(Data((error.rendered + "\n").utf8))
    exit(ExitCode.usage)
}
