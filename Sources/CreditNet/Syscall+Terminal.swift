import Glibc

/// Terminal calls for the client's line editor and output: whether a descriptor is a terminal,
/// raw mode on and off, and flushing stdio before writing around it.
extension Syscall {
    /// Standard input, output and error by their POSIX numbers, so callers need not import Glibc.
    public static let standardInput: Int32 = STDIN_FILENO
    public static let standardOutput: Int32 = STDOUT_FILENO
    public static let standardError: Int32 = STDERR_FILENO

    /// The settings a terminal had before raw mode; opaque, only handed back to `restoreTerminal`.
    public struct TerminalSettings {
        fileprivate var saved: termios
    }

    /// Whether `fd` is a terminal: decides between readable output for people and raw lines
    /// for scripts. Any failure (EBADF, ENOTTY) means "not a terminal".
    public static func isTerminal(_ fd: Int32) -> Bool {
        Glibc.isatty(fd) == 1
    }

    /// Switches `fd` to raw mode: no echo, bytes delivered one at a time, and Ctrl-C/Ctrl-Z/Ctrl-V
    /// and CR→LF translation left to the caller. Output processing stays on, so "\n" still
    /// starts a new line. Returns the settings to restore.
    public static func enterRawMode(_ fd: Int32) throws(SystemError) -> TerminalSettings {
        var original = termios()
        _ = try retrying("tcgetattr") { Glibc.tcgetattr(fd, &original) }
        var raw = original
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | ISIG | IEXTEN)
        raw.c_iflag &= ~tcflag_t(IXON | ICRNL | BRKINT | INPCK | ISTRIP)
        withUnsafeMutableBytes(of: &raw.c_cc) { controlCharacters in
            controlCharacters[Int(VMIN)] = 1
            controlCharacters[Int(VTIME)] = 0
        }
        // TCSADRAIN, not TCSAFLUSH: keep what the user typed ahead while a command ran.
        _ = try retrying("tcsetattr") { Glibc.tcsetattr(fd, TCSADRAIN, &raw) }
        return TerminalSettings(saved: original)
    }

    /// Puts back what `enterRawMode` saved. A failure is not reported: there is nothing better
    /// to do on the way out than to try.
    public static func restoreTerminal(_ fd: Int32, _ settings: TerminalSettings) {
        var original = settings.saved
        _ = try? retrying("tcsetattr") { Glibc.tcsetattr(fd, TCSADRAIN, &original) }
    }

    /// Sends what `print` has buffered before bytes are written around stdio.
    public static func flushStandardStreams() {
        // fflush(nil) flushes every output stream; naming `stdout` is not concurrency-safe.
        _ = Glibc.fflush(nil)
    }
}
