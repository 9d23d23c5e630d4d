/// The line being edited, its cursor and the history, changed only by ``KeyEvent``s: the whole
/// behaviour of the interactive shell's editor without a terminal, so it can be tested.
///
/// The cursor counts Unicode scalars, so multi-byte UTF-8 input is never split; characters
/// made of several scalars (flags, combining accents) take several cursor steps.
public struct LineEditingState: Sendable, Equatable {
    /// What a key did, for the caller to act on.
    public enum Outcome: Sendable, Equatable {
        /// The line changed or the cursor moved (or nothing happened): redraw it.
        case editing
        /// Enter: the finished line; the state is ready for the next one.
        case submitted(String)
        /// Ctrl-C: the line was abandoned and cleared.
        case interrupted
        /// Ctrl-D on an empty line: no more input.
        case endOfFile
    }

    /// The line, one Unicode scalar per element.
    public private(set) var scalars: [Unicode.Scalar] = []
    /// Where the next character goes: `0...scalars.count`.
    public private(set) var cursor = 0
    /// Submitted lines, oldest first; blank lines, immediate repeats and lines the filter
    /// refuses (a secret) are not recorded.
    public private(set) var history: [String]
    public private(set) var filter: HistoryFilter
    /// The most entries kept; older ones are forgotten first.
    public let historyLimit: Int
    /// The history entry shown, or `history.count` while editing a new line.
    private var historyPosition: Int
    /// The new line as it was before Up replaced it, restored by Down.
    private var draft: [Unicode.Scalar] = []

    /// `history`: saved lines, of which those `filter` refuses are dropped.
    public init(history: [String] = [], historyLimit: Int = 1000, filter: HistoryFilter = HistoryFilter()) {
        self.historyLimit = historyLimit
        self.filter = filter
        self.history = Array(history.filter(filter.keeps).suffix(historyLimit))
        self.historyPosition = self.history.count
    }

    /// From now on also refuses lines holding `secret` (one signed in with during the session),
    /// and forgets any such line already recorded.
    public mutating func keepOut(secret: String) {
        filter = filter.adding(secret)
        history.removeAll { !filter.keeps($0) }
        historyPosition = history.count
    }

    /// The line as text.
    public var text: String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    public mutating func apply(_ key: KeyEvent) -> Outcome {
        switch key {
        case .character(let scalar):
            scalars.insert(scalar, at: cursor)
            cursor += 1
        case .enter:
            let line = text
            if !line.allSatisfy(\.isWhitespace) && history.last != line && filter.keeps(line) {
                history.append(line)
                if history.count > historyLimit { history.removeFirst(history.count - historyLimit) }
            }
            startNewLine()
            return .submitted(line)
        case .backspace:
            if cursor > 0 {
                cursor -= 1
                scalars.remove(at: cursor)
            }
        case .delete:
            deleteUnderCursor()
        case .left:
            cursor = max(cursor - 1, 0)
        case .right:
            cursor = min(cursor + 1, scalars.count)
        case .home:
            cursor = 0
        case .end:
            cursor = scalars.count
        case .up:
            if historyPosition > 0 {
                if historyPosition == history.count { draft = scalars }
                historyPosition -= 1
                show(Array(history[historyPosition].unicodeScalars))
            }
        case .down:
            if historyPosition < history.count {
                historyPosition += 1
                show(historyPosition == history.count ? draft : Array(history[historyPosition].unicodeScalars))
            }
        case .deleteToStart:
            scalars.removeFirst(cursor)
            cursor = 0
        case .interrupt:
            startNewLine()
            return .interrupted
        case .endOfFile:
            if scalars.isEmpty { return .endOfFile }
            deleteUnderCursor()
        }
        return .editing
    }

    private mutating func deleteUnderCursor() {
        if cursor < scalars.count { scalars.remove(at: cursor) }
    }

    private mutating func show(_ line: [Unicode.Scalar]) {
        scalars = line
        cursor = line.count
    }

    private mutating func startNewLine() {
        scalars = []
        cursor = 0
        draft = []
        historyPosition = history.count
    }
}
