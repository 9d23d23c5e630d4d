/// One editing key, decoded from terminal bytes by ``KeyDecoder`` and applied by
/// ``LineEditingState``. Keeping keys apart from bytes lets the editing rules be tested
/// without a terminal.
public enum KeyEvent: Sendable, Equatable {
    /// A printable Unicode scalar to insert at the cursor.
    case character(Unicode.Scalar)
    case enter
    /// Delete the scalar before the cursor.
    case backspace
    /// Delete the scalar under the cursor (the Delete key).
    case delete
    case left
    case right
    case home
    case end
    /// Recall the previous history entry.
    case up
    /// Recall the next history entry, or what was being typed before browsing.
    case down
    /// Ctrl-U: delete from the start of the line to the cursor.
    case deleteToStart
    /// Ctrl-C: abandon the line.
    case interrupt
    /// Ctrl-D: end of input on an empty line, otherwise the same as Delete.
    case endOfFile
}
