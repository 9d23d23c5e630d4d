#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard input and output when they are a terminal: raw mode and unbuffered bytes for
/// ``LineEditor``; every termios, read and write call the editor makes is in this one file.
///
/// Raw mode is held only while a line is being read and is undone by ``restore()`` — called on
/// every way out of `readLine` and again on deinit — so a command's output, an error or the
/// process ending between prompts always finds the terminal as the user left it.
final class Terminal {
    /// The settings to restore; nil while not in raw mode.
    private var saved: termios?

    /// Whether line editing makes sense: both ends are a terminal (escape sequences written to
    /// a pipe or file would only be noise).
    static var isInteractive: Bool {
        isInputTerminal && isatty(STDOUT_FILENO) == 1
    }

    /// Whether standard input is a terminal, i.e. a person may be typing.
    static var isInputTerminal: Bool {
        isatty(STDIN_FILENO) == 1
    }

    /// Sends what `print` has buffered to the screen before writing around stdio.
    static func flushStandardOutput() {
        // fflush(nil) flushes every output stream; naming `stdout` is not concurrency-safe.
        fflush(nil)
    }

    /// Switches standard input to raw mode: no echo, bytes delivered one at a time, and
    /// Ctrl-C/Ctrl-Z/Ctrl-V and CR→LF translation left to the editor. Output processing stays
    /// on, so "\n" still starts a new line. Returns false if the terminal refused.
    func enterRawMode() -> Bool {
        Self.flushStandardOutput()
        var original = termios()
        guard tcgetattr(STDIN_FILENO, &original) == 0 else { return false }
        var raw = original
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | ISIG | IEXTEN)
        raw.c_iflag &= ~tcflag_t(IXON | ICRNL | BRKINT | INPCK | ISTRIP)
        withUnsafeMutableBytes(of: &raw.c_cc) { controlCharacters in
            controlCharacters[Int(VMIN)] = 1
            controlCharacters[Int(VTIME)] = 0
        }
        // TCSADRAIN, not TCSAFLUSH: keep what the user typed ahead while a command ran.
        guard tcsetattr(STDIN_FILENO, TCSADRAIN, &raw) == 0 else { return false }
        saved = original
        return true
    }

    /// Puts back the settings saved by ``enterRawMode()``; does nothing if not in raw mode.
    func restore() {
        guard var original = saved else { return }
        saved = nil
        _ = tcsetattr(STDIN_FILENO, TCSADRAIN, &original)
    }

    /// Reads what is available, at least one byte; nil at end of input or on an error (a hung
    /// up terminal), which the editor treats as end of input.
    func readAvailable() -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 256)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if count > 0 { return Array(buffer.prefix(count)) }
            // EINTR is not a failure (a signal such as SIGWINCH arrived): read again.
            if count < 0 && errno == EINTR { continue }
            return nil
        }
    }

    /// Writes all of `text` to standard output, bypassing stdio's buffer.
    func writeAll(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if written > 0 {
                bytes = bytes.dropFirst(written)
            } else if !(written < 0 && errno == EINTR) {
                return
            }
        }
    }

    deinit {
        restore()
    }
}
