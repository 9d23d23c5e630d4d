/// When the journal is forced to disk, and so what `OK` promises.
public enum FsyncPolicy: String, Sendable, CaseIterable {
    /// As Redis's `appendfsync always`: the turn's changes are written and
    /// fsync'd — data and metadata — before any of their replies.
    case always
    /// Group commit: one fdatasync for every change of a loop turn, before
    /// any of their replies. `OK` means on disk, at a fraction of the cost.
    case batch
    /// Written before the reply, fdatasync'd once a second: a process crash
    /// loses nothing, a power cut up to a second of acknowledged changes.
    case everysec
}
