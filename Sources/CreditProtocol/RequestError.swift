/// Words that cannot become a request (a value with a space, a missing required option), from
/// ``RequestBuilder``. The client shows it as a usage mistake (exit 64); the importer rejects the
/// row.
public struct RequestError: Error, Equatable {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }
}
