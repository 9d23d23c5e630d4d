import CreditNet

/// Standard input and output when they are a terminal: raw mode and unbuffered bytes for
/// ``LineEditor``. Every call goes through CreditNet's `Syscall`, like the rest of the client.
///
/// Raw mode is held only while a line is being read and is undone by ``restore()`` — called on
/// every way out of `readLine` and again on deinit — so a command's output, an error or the
/// process ending between prompts always finds the terminal as the user left it.
final class Terminal {
    /// The settings to restore; nil while not in raw mode.
    private var saved: Syscall.TerminalSettings?

    /// Whether line editing makes sense: both ends are a terminal (escape sequences written to
    /// a pipe or file would only be noise).
    static var isInteractive: Bool {
        isInputTerminal && Syscall.isTerminal(Syscall.standardOutput)
    }

    /// Whether standard input is a terminal, i.e. a person may be typing.
    static var isInputTerminal: Bool {
        Syscall.isTerminal(Syscall.standardInput)
    }

    /// Sends what `print` has buffered to the screen before writing around stdio.
    static func flushStandardOutput() {
        Syscall.flushStandardStreams()
    }

    /// Switches standard input to raw mode (see `Syscall.enterRawMode`). Returns false if the
    /// terminal refused.
    func enterRawMode() -> Bool {
        Self.flushStandardOutput()
        guard let settings = try? Syscall.enterRawMode(Syscall.standardInput) else { return false }
        saved = settings
        return true
    }

    /// Puts back the settings saved by ``enterRawMode()``; does nothing if not in raw mode.
    func restore() {
        guard let settings = saved else { return }
        saved = nil
        Syscall.restoreTerminal(Syscall.standardInput, settings)
    }

    /// Reads what is available, at least one byte; nil at end of input or on an error (a hung
    /// up terminal), which the editor treats as end of input. EINTR is retried by `Syscall`.
    func readAvailable() -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 256)
        let outcome = try? buffer.withUnsafeMutableBytes { bytes throws(SystemError) in
            try Syscall.read(Syscall.standardInput, into: bytes.baseAddress!, count: bytes.count)
        }
        guard case .transferred(let count)? = outcome, count > 0 else { return nil }
        return Array(buffer.prefix(count))
    }

    /// Writes all of `text` to standard output (or `fd`), bypassing stdio's buffer. A failure
    /// (the terminal went away) is ignored: the next read reports the end of input.
    func writeAll(_ text: String, to fd: Int32 = Syscall.standardOutput) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            try? Syscall.writeAll(fd, from: base, count: raw.count)
        }
    }

    /// Asks for a secret on the terminal without showing it: `prompt` on standard error, then
    /// what is typed up to Enter, echoing nothing. Backspace deletes a character, Ctrl-U the
    /// whole entry; Ctrl-C, Ctrl-D or an empty entry give nil. nil too when standard input is
    /// not a terminal.
    static func readSecret(prompt: String) -> String? {
        let terminal = Terminal()
        guard isInputTerminal, terminal.enterRawMode() else { return nil }
        terminal.writeAll(prompt, to: Syscall.standardError)
        defer {
            terminal.restore()
            terminal.writeAll("\n", to: Syscall.standardError)
        }
        var typed: [UInt8] = []
        while let bytes = terminal.readAvailable() {
            for byte in bytes {
                switch byte {
                case 0x0D, 0x0A:
                    return typed.isEmpty ? nil : String(decoding: typed, as: UTF8.self)
                case 0x03, 0x04:
                    return nil
                case 0x15:
                    typed.removeAll()
                case 0x7F, 0x08:
                    while let last = typed.popLast(), last & 0xC0 == 0x80 {}
                default:
                    typed.append(byte)
                }
            }
        }
        return nil
    }

    deinit {
        restore()
    }
}
