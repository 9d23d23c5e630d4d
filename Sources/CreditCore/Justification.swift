/// A written note that justifies a change (R-OVR-3): it must say something a
/// reader can see. Whitespace, and characters that render as nothing (the
/// zero-width space and joiners, the byte-order mark, soft hyphens, fillers:
/// Unicode's default-ignorable code points, and the blank braille pattern),
/// do not count.
public enum Justification {
    public static func isWritten(_ note: String) -> Bool {
        // A printable ASCII character is visible: most notes are settled by their first bytes.
        if note.utf8.contains(where: { $0 > 0x20 && $0 < 0x7F }) { return true }
        return note.unicodeScalars.contains { scalar in
            !scalar.properties.isWhitespace && !scalar.properties.isDefaultIgnorableCodePoint
                && scalar.properties.generalCategory != .control && scalar.value != 0x2800
        }
    }
}
