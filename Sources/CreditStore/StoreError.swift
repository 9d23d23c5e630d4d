/// Damage or trouble in the data folder that stops start-up: the message
/// names the file, the offset and what the operator can do.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
