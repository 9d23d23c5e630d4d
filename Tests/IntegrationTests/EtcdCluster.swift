import CreditNet
import Foundation
import Glibc
import Testing

/// A real three-member etcd cluster on loopback ports, in a temp folder; killed and removed on
/// deinit. Short heartbeats (50 ms, election 500 ms) keep leases of a second or two honest.
final class EtcdCluster {
    /// `etcd` on PATH, if any.
    static let binary: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
        .map { "\($0)/etcd" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    static var installed: Bool { binary != nil }
    /// The trait of a test that needs etcd: skipped, with why, where it is not installed.
    static var required: ConditionTrait {
        .enabled(
            if: installed, "etcd is not installed (Debian packages etcd-server and etcd-client; .ci/run installs them)")
    }

    let directory: String
    let clientURLs: [String]
    private var members: [Process] = []

    init(members count: Int = 3) throws {
        guard let binary = EtcdCluster.binary else { throw TestFailure("etcd is not on PATH") }
        directory =
            FileManager.default.temporaryDirectory.appendingPathComponent("creditgate-etcd-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let clientPorts = try (0..<count).map { _ in try EtcdCluster.freePort() }
        let peerPorts = try (0..<count).map { _ in try EtcdCluster.freePort() }
        clientURLs = clientPorts.map { "http://127.0.0.1:\($0)" }
        let cluster = (0..<count).map { "e\($0)=http://127.0.0.1:\(peerPorts[$0])" }.joined(separator: ",")
        let token = UUID().uuidString
        for index in 0..<count {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = [
                "--name", "e\(index)", "--data-dir", directory + "/e\(index)",
                "--listen-client-urls", clientURLs[index], "--advertise-client-urls", clientURLs[index],
                "--listen-peer-urls", "http://127.0.0.1:\(peerPorts[index])",
                "--initial-advertise-peer-urls", "http://127.0.0.1:\(peerPorts[index])",
                "--initial-cluster", cluster, "--initial-cluster-state", "new",
                "--initial-cluster-token", token,
                "--heartbeat-interval", "50", "--election-timeout", "500", "--log-level", "error",
            ]
            let log = directory + "/e\(index).log"
            _ = FileManager.default.createFile(atPath: log, contents: nil)
            process.standardOutput = FileHandle(forWritingAtPath: log)
            process.standardError = FileHandle(forWritingAtPath: log)
            try process.run()
            members.append(process)
        }
        try ServerProcess.waitUntil("etcd answers on \(clientURLs[0])", seconds: 60) {
            (try? ScriptProcess.run(
                ["etcdctl", "--endpoints", clientURLs.joined(separator: ","), "endpoint", "health"],
                environment: ["ETCDCTL_API": "3"], within: 5
            ).status) == 0
        }
    }

    deinit {
        for process in members where process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Sends `number` to every member: SIGSTOP makes etcd unreachable for everyone, state kept; SIGCONT ends it.
    func signal(_ number: Int32) {
        for process in members where process.isRunning { kill(process.processIdentifier, number) }
    }

    /// A port free on loopback now (bound, read back, closed).
    static func freePort() throws -> UInt16 {
        let (fd, address) = try Socket.listen(on: SocketAddress(host: "127.0.0.1", port: 0))
        Syscall.close(fd)
        return address.port
    }
}
