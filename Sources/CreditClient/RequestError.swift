/// A command line that parsed but cannot become a request (a value with a space, a missing
/// required option). ``ClientTool`` turns it into an ``ArgumentError`` with the subcommand's
/// usage, so it exits 64 like any other usage mistake.
struct RequestError: Error, Equatable {
    let message: String

    init(_ message: String) {
        self.message = message
    }
}
