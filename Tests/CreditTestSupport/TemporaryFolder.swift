import Foundation

/// A fresh folder under the system's temp folder, removed with everything in it when the last
/// reference to it goes.
public final class TemporaryFolder {
    public let path: String

    public init() throws {
        path =
            FileManager.default.temporaryDirectory.appendingPathComponent("creditgate-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The bytes of the file `name` in it; none when there is no such file.
    public func bytes(_ name: String) -> [UInt8] {
        [UInt8](FileManager.default.contents(atPath: path + "/" + name) ?? Data())
    }

    public func write(_ bytes: [UInt8], to name: String) {
        FileManager.default.createFile(atPath: path + "/" + name, contents: Data(bytes))
    }
}
