import CSystem

/// The one place `Readiness` meets EPOLL* bits.
extension Readiness {
    /// Interest bits for epoll_ctl (level-triggered). EPOLLRDHUP is asked for only with
    /// `.hangup`: the server leaves it out, so a client that half-closes after pipelining still
    /// has its buffered requests read and answered (read() returning 0 ends the connection).
    var epollBits: UInt32 {
        var bits: UInt32 = 0
        if contains(.readable) { bits |= CS_EPOLLIN }
        if contains(.writable) { bits |= CS_EPOLLOUT }
        if contains(.hangup) { bits |= CS_EPOLLRDHUP }
        return bits
    }

    init(epollBits bits: UInt32) {
        var readiness: Readiness = []
        if bits & CS_EPOLLIN != 0 { readiness.insert(.readable) }
        if bits & CS_EPOLLOUT != 0 { readiness.insert(.writable) }
        if bits & (CS_EPOLLHUP | CS_EPOLLRDHUP) != 0 { readiness.insert(.hangup) }
        if bits & CS_EPOLLERR != 0 { readiness.insert(.error) }
        self = readiness
    }
}
