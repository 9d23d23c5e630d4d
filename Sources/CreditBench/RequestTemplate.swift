import CreditNet

/// A fixed request line with `{k}` placeholders (`EXISTS key:{k}`), split once into its literal
/// pieces so that each request is the pieces with a decimal key between them, written without
/// a `String`. The pieces live in one allocation freed with the template.
final class RequestTemplate: @unchecked Sendable {
    // @unchecked: the bytes are written once in init and only read afterwards, from any thread.
    private let storage: UnsafeMutableRawBufferPointer
    /// Literal pieces; a key goes between each two. The last piece ends with the newline.
    private let pieces: [UnsafeRawBufferPointer]

    init(_ line: String) {
        var texts = line.components(separatedBy: "{k}")
        texts[texts.count - 1] += "\n"
        let total = texts.reduce(0) { $0 + $1.utf8.count }
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(total, 1), alignment: 1)
        self.storage = storage
        var offset = 0
        var pieces: [UnsafeRawBufferPointer] = []
        for text in texts {
            let bytes = Array(text.utf8)
            bytes.withUnsafeBytes { source in
                guard let base = source.baseAddress else { return }
                (storage.baseAddress! + offset).copyMemory(from: base, byteCount: source.count)
            }
            pieces.append(UnsafeRawBufferPointer(start: storage.baseAddress! + offset, count: bytes.count))
            offset += bytes.count
        }
        self.pieces = pieces
    }

    deinit {
        storage.deallocate()
    }

    /// How many keys one request holds (the number of `{k}`).
    var keyCount: Int { pieces.count - 1 }

    @inline(__always)
    func write(key: UInt64, into out: ByteBuffer) {
        out.append(pieces[0])
        for index in 1..<pieces.count {
            out.append(decimal: Int64(key))
            out.append(pieces[index])
        }
    }
}
