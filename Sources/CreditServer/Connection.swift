import CreditCore
import CreditNet
import CreditProtocol

/// One client connection: its socket, framed input, pending replies and
/// session. Owned by the loop thread.
final class Connection {
    let fd: Int32
    let token: UInt64
    let input = LineBuffer(capacity: 65536, maxLine: Limits.maximumLineLength)
    let output = ByteBuffer(capacity: 16384)
    let session: Session
    /// Monotonic time of the last complete request or of the last reply bytes the client took,
    /// for the idle timeout: half a line dribbled in, or replies left unread, are not activity.
    var lastActivity: UInt64
    /// After QUIT, or once the peer has closed its side: close when the replies are out.
    var closing = false
    /// What epoll watches for: readable unless closing or awaiting, writable while replies wait.
    var interest: Readiness = .readable
    /// A desk read is being answered in the background: later lines wait, in order.
    var awaiting = false
    /// The rest of a desk reply, made once the client has taken what was sent (`DeskReader`).
    var deskRest: DeskReader.Stream?
    /// Lines wait (replies past `--output-limit`, or the turn's share answered): no more lines are
    /// answered and the socket is not read until the replies drain to half the limit
    /// (protocol.md §3); epoll's writable event then resumes them.
    var held = false
    /// Once the server is stopping: the bytes it had received for this connection and not yet
    /// read. Only those are read and answered; then the connection closes.
    var unreadAtStop: Int?
    /// Where this turn began, to answer the turn again if its group commit fails.
    var turnStart: TurnStart?
    /// With `--sync-replicas`: the replies to this turn's changes (ranges of `output`)…
    var changeReplies: [Range<Int>] = []
    /// …held, the connection unread, until the replicas have this record, or until `syncDeadline`.
    var syncWait: UInt64?
    var syncDeadline: UInt64 = 0
    /// Its replies wait in a commit group for the background sync (`CommitPipeline`): not read
    /// until they go.
    var waitsForDisk = false

    struct TurnStart {
        let input: LineBuffer.Mark
        let outputBytes: Int
        let user: User?
        let closing: Bool
        let awaiting: Bool
    }

    init(fd: Int32, token: UInt64, session: Session, now: UInt64) {
        self.fd = fd
        self.token = token
        self.session = session
        lastActivity = now
    }

    /// Nothing left to do for this connection: every line answered and every reply sent.
    var isSettled: Bool {
        output.isEmpty && !awaiting && !held
    }

    /// Waiting for the server (a desk read being made, or its replies for the disk), not for the
    /// client: not idle.
    var isBusyOnServer: Bool {
        awaiting && deskRest == nil || waitsForDisk
    }
}
