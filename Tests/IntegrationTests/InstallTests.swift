import CreditProtocol
import Foundation
import Testing

/// Both programs tell their version, the same one; Scripts/install.sh puts both in $PREFIX/bin.
@Suite struct InstallTests {
    @Test func version_BothProgramsPrintTheSharedVersion() throws {
        for program in ["creditgated", "creditgate"] {
            let run = try ScriptProcess.run([ServerProcess.binary(program), "--version"])
            #expect(run.output == "\(program) \(CreditGateVersion.current)\n")
            #expect(run.status == 0)
        }
    }

    @Test func installScript_PutsBothProgramsUnderPrefix() throws {
        let prefix = FileManager.default.temporaryDirectory.appendingPathComponent(
            "creditgate-prefix-\(UUID().uuidString)"
        ).path
        defer { try? FileManager.default.removeItem(atPath: prefix) }
        let built = URL(fileURLWithPath: ServerProcess.binary("creditgated")).deletingLastPathComponent().path
        let run = try ScriptProcess.run(
            ["sh", ScriptProcess.repositoryRoot + "/Scripts/install.sh", "--from", built],
            environment: ["PREFIX": prefix])
        #expect(
            run.output == """
                installed creditgated \(CreditGateVersion.current) as \(prefix)/bin/creditgated
                installed creditgate \(CreditGateVersion.current) as \(prefix)/bin/creditgate

                """)
        #expect(run.status == 0)
        for program in ["creditgated", "creditgate"] {
            #expect(FileManager.default.isExecutableFile(atPath: "\(prefix)/bin/\(program)"))
        }
        let wrong = try ScriptProcess.run(
            ["sh", ScriptProcess.repositoryRoot + "/Scripts/install.sh", "--from", prefix],
            environment: ["PREFIX": prefix])
        #expect(wrong.status == 1, "nothing built in \(prefix)")
    }
}
