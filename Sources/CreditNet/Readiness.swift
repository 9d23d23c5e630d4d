/// What a descriptor is ready for, or what interest is registered, in our own bits; the
/// EPOLL* translation lives only in `EventLoop+Epoll.swift` (swift-nio `SelectorEventSet`).
public struct Readiness: OptionSet, Sendable {
    public let rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// Data (or end of file) can be read.
    public static let readable = Readiness(rawValue: 1 << 0)
    /// send() would take at least one byte; asked for only while output is backed up.
    public static let writable = Readiness(rawValue: 1 << 1)
    /// The peer hung up both directions; reported whether asked for or not.
    public static let hangup = Readiness(rawValue: 1 << 2)
    /// The descriptor has a pending error; reported whether asked for or not.
    public static let error = Readiness(rawValue: 1 << 3)
}
