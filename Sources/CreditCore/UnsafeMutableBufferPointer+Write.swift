extension UnsafeMutableBufferPointer where Element == UInt8 {
    /// Copies `bytes` in at `start` and returns the index after them: the replies and the journal
    /// records are written this way into a buffer sized beforehand, then appended at once.
    @inlinable
    public func write(_ bytes: some Sequence<UInt8>, at start: Int) -> Int {
        start + UnsafeMutableBufferPointer(rebasing: self[start...]).initialize(from: bytes).1
    }
}
