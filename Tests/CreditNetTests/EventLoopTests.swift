import CreditNet
import Dispatch
import Glibc
import Testing

@Suite struct EventLoopTests {
    @Test func wait_ReportsReadableAfterAWrite() throws {
        let loop = try EventLoop()
        let pair = SocketPair()
        defer { pair.close() }
        try loop.register(pair.right, interest: .readable, token: 42)
        #expect(try loop.wait(timeoutMilliseconds: 0) == 0)
        try write("x", to: pair.left)
        #expect(try loop.wait(timeoutMilliseconds: 5000) == 1)
        let event = loop.event(at: 0)
        #expect(event.token == 42)
        #expect(event.readiness == .readable)
    }

    @Test func modify_AddsWritableInterest() throws {
        let loop = try EventLoop()
        let pair = SocketPair()
        defer { pair.close() }
        try loop.register(pair.left, interest: .readable, token: 1)
        #expect(try loop.wait(timeoutMilliseconds: 0) == 0)
        try loop.modify(pair.left, interest: [.readable, .writable], token: 2)
        #expect(try loop.wait(timeoutMilliseconds: 5000) == 1)
        #expect(loop.event(at: 0).token == 2)
        #expect(loop.event(at: 0).readiness == .writable)
        loop.unregister(pair.left)
        #expect(try loop.wait(timeoutMilliseconds: 0) == 0)
    }

    @Test func wait_ReportsHangupWhenThePeerCloses() throws {
        let loop = try EventLoop()
        let pair = SocketPair()
        defer { Syscall.close(pair.right) }
        try loop.register(pair.right, interest: .readable, token: 7)
        Syscall.close(pair.left)
        #expect(try loop.wait(timeoutMilliseconds: 5000) == 1)
        #expect(loop.event(at: 0).readiness.contains([.readable, .hangup]))
    }

    @Test func wakeup_FromAnotherThreadWakesWait() throws {
        let loop = try EventLoop()
        let wakeup = try Wakeup()
        try loop.register(wakeup.fd, interest: .readable, token: 99)
        DispatchQueue.global().async { wakeup.signal() }
        #expect(try loop.wait(timeoutMilliseconds: 5000) == 1)
        #expect(loop.event(at: 0).token == 99)
        wakeup.drain()
        #expect(try loop.wait(timeoutMilliseconds: 0) == 0)
    }

    @Test func signalWatcher_SeesARaisedSIGUSR1() throws {
        // The watcher blocks SIGUSR1 in this thread before it is raised, so the signal waits in
        // the signalfd instead of killing the test process; it stays blocked in this thread.
        let watcher = try SignalWatcher(signals: [SIGUSR1])
        let loop = try EventLoop()
        try loop.register(watcher.fd, interest: .readable, token: 5)
        #expect(watcher.next() == nil)
        #expect(pthread_kill(pthread_self(), SIGUSR1) == 0)
        #expect(try loop.wait(timeoutMilliseconds: 5000) == 1)
        #expect(watcher.next() == SIGUSR1)
        #expect(watcher.next() == nil)
    }
}
