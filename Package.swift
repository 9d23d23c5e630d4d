// swift-tools-version:6.0
import PackageDescription

// CreditGate: a credit-hold server for warehouse and sales terminals.
// No package dependencies: the toolchain's Foundation, Dispatch, Glibc and
// Synchronization only, plus CSystem, a few lines of our own C for epoll.
// Release builds skip Swift's run-time exclusivity checks: measured at 6% of
// the CHECK path (PERF.md method), and the server's state is owned by one
// thread. The compile-time checks stay on.
let fast: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "CreditGate",
    products: [
        .executable(name: "creditgated", targets: ["creditgated"]),
        .executable(name: "creditgate", targets: ["creditgate"]),
    ],
    targets: [
        .target(name: "CSystem"),
        .target(name: "CreditCore", swiftSettings: fast),
        .target(name: "CreditProtocol", dependencies: ["CreditCore"], swiftSettings: fast),
        .target(name: "CreditStore", dependencies: ["CreditCore", "CreditProtocol", "CreditNet"]),
        .target(name: "CreditNet", dependencies: ["CSystem"], swiftSettings: fast),
        // Both executables' command-line words and help layout: not a syscall (CreditNet), not the
        // wire protocol (CreditProtocol), and needing nothing of either.
        .target(name: "CreditCommandLine"),
        .target(
            name: "CreditServer",
            dependencies: ["CreditCore", "CreditProtocol", "CreditStore", "CreditNet", "CreditCommandLine"],
            swiftSettings: fast
        ),
        .target(
            name: "CreditClient", dependencies: ["CreditCore", "CreditProtocol", "CreditNet", "CreditCommandLine"]),
        .executableTarget(name: "creditgated", dependencies: ["CreditServer"]),
        .target(name: "CreditBench", dependencies: ["CreditClient", "CreditProtocol", "CreditNet"]),
        .executableTarget(name: "creditgate", dependencies: ["CreditClient", "CreditBench"]),
        .target(
            name: "CreditTestSupport",
            dependencies: ["CreditCore", "CreditProtocol", "CreditNet"],
            path: "Tests/CreditTestSupport"
        ),
        .testTarget(name: "CreditCoreTests", dependencies: ["CreditCore", "CreditTestSupport"]),
        .testTarget(name: "CreditProtocolTests", dependencies: ["CreditCore", "CreditProtocol", "CreditTestSupport"]),
        .testTarget(
            name: "CreditStoreTests",
            dependencies: ["CreditCore", "CreditProtocol", "CreditNet", "CreditStore", "CreditTestSupport"]
        ),
        .testTarget(name: "CreditNetTests", dependencies: ["CreditNet", "CreditTestSupport"]),
        .testTarget(name: "CreditClientTests", dependencies: ["CreditClient", "CreditProtocol"]),
        .testTarget(name: "CreditCommandLineTests", dependencies: ["CreditCommandLine"]),
        .testTarget(name: "CreditBenchTests", dependencies: ["CreditBench", "CreditClient"]),
        .testTarget(
            name: "CreditServerTests",
            dependencies: ["CreditServer", "CreditNet", "CreditStore"]
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "CreditClient", "CreditCore", "CreditProtocol", "CreditNet", "CreditTestSupport", "creditgated",
                "creditgate",
            ]
        ),
    ]
)
