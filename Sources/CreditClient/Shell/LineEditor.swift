import CreditNet
import Foundation

/// Reads command lines for `creditgate`'s interactive shell with the editing keys people
/// expect (arrows, Home/End, Ctrl-A/E/U/C/D, history) without readline or any package.
///
/// When standard input or output is not a terminal — a script piped in, output captured — it
/// falls back to `Swift.readLine()`, so transcripts contain no escape sequences.
///
/// One line of the screen is redrawn per key; a line longer than the terminal is wide still
/// edits correctly but redraws untidily.
public final class LineEditor {
    private let historyFile: String?
    private let terminal = Terminal()
    private var state: LineEditingState
    private var decoder = KeyDecoder()
    /// Bytes read past the end of the last line (a paste of several lines), used first.
    private var unread: [UInt8] = []

    /// Loads history from `historyFile`, one entry per line, if the file exists; accepted
    /// lines are written back to it, never a line `filter` refuses. The file is only ever
    /// readable by its owner (mode 0600): an older file is tightened at once, and rewritten at
    /// once if it holds a line the filter refuses. Pass nil to keep history in memory only.
    public init(historyFile: String?, filter: HistoryFilter = HistoryFilter()) {
        self.historyFile = historyFile
        let saved = historyFile.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) }
        let lines = (saved ?? "").split(separator: "\n").map(String.init)
        state = LineEditingState(history: lines, filter: filter)
        guard let historyFile, saved != nil else { return }
        if lines.contains(where: { !filter.keeps($0) }) {
            saveHistory()
        } else {
            try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: historyFile)
        }
    }

    /// Keeps lines holding `secret` out of the history from now on, and out of the file.
    public func keepOut(secret: String) {
        let count = state.history.count
        state.keepOut(secret: secret)
        if state.history.count != count { saveHistory() }
    }

    /// The next line without its newline, or nil at end of input (Ctrl-D on an empty line,
    /// or the end of piped input). Ctrl-C abandons the line being typed and prompts again.
    public func readLine(prompt: String) -> String? {
        guard Terminal.isInteractive, terminal.enterRawMode() else { return plainReadLine(prompt: prompt) }
        defer { terminal.restore() }

        terminal.writeAll(Self.redraw(prompt: prompt, state: state))
        while true {
            if unread.isEmpty {
                guard let bytes = terminal.readAvailable() else {
                    terminal.writeAll("\n")
                    return nil
                }
                unread = bytes
            }
            let byte = unread.removeFirst()
            guard let key = decoder.decode(byte) else { continue }
            switch state.apply(key) {
            case .editing:
                terminal.writeAll(Self.redraw(prompt: prompt, state: state))
            case .submitted(let line):
                terminal.writeAll("\n")
                saveHistory()
                return line
            case .interrupted:
                terminal.writeAll("^C\n" + Self.redraw(prompt: prompt, state: state))
            case .endOfFile:
                terminal.writeAll("\n")
                return nil
            }
        }
    }

    /// `Swift.readLine()`, showing the prompt only when a person is typing.
    private func plainReadLine(prompt: String) -> String? {
        if Terminal.isInputTerminal {
            print(prompt, terminator: "")
            Terminal.flushStandardOutput()
        }
        return Swift.readLine()
    }

    /// The bytes that repaint the current screen line: back to column 0, prompt and text,
    /// erase whatever the old line left to the right, then put the cursor in place.
    static func redraw(prompt: String, state: LineEditingState) -> String {
        let column = prompt.unicodeScalars.count + state.cursor
        return "\r" + prompt + state.text + "\u{1B}[K" + "\r" + (column > 0 ? "\u{1B}[\(column)C" : "")
    }

    /// Rewrites the history file: a new file made with mode 0600, then renamed over the old
    /// one. A failure is ignored: history is a convenience and must never stop the shell.
    private func saveHistory() {
        guard let historyFile else { return }
        let contents = state.history.map { $0 + "\n" }.joined()
        let temporary = historyFile + ".new"
        try? Syscall.unlink(temporary)
        do {
            let fd = try Syscall.open(temporary, flags: O_WRONLY | O_CREAT | O_EXCL, mode: 0o600)
            defer { Syscall.close(fd) }
            var bytes = Array(contents.utf8)
            try bytes.withUnsafeMutableBytes { raw in
                guard let base = raw.baseAddress else { return }
                try Syscall.writeAll(fd, from: base, count: raw.count)
            }
            try Syscall.rename(temporary, historyFile)
        } catch {
            try? Syscall.unlink(temporary)
        }
    }
}
