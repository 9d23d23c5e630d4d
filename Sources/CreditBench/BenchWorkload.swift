import CreditNet

/// What the bench sends, written byte by byte into a connection's output buffer: constant
/// words as `StaticString`s and numbers formatted by hand, so no `String` is made per request
/// (PERF.md: String building cost 40% at pipeline 1).
enum BenchWorkload {
    case check
    /// Unique PAY refs and INVOICE ids are `<run>-<thread>-<sequence>`; `run` is the start time
    /// in milliseconds, so a second run against the same data still writes new ones.
    case mixed(run: UInt64)
    case raw(RequestTemplate)

    /// Appends one request, its newline included, and returns whether it is a CHECK (a raw line
    /// counts as none). `random` is in 0..<keyspace; `roll` in 0..<100 picks the request kind of
    /// the mixed workload; `sequence` numbers this thread's writes.
    @inline(__always)
    func write(key: UInt64, roll: UInt64, thread: Int, sequence: inout UInt64, into out: ByteBuffer) -> Bool {
        switch self {
        case .check:
            Self.writeCheck(key: key, into: out)
            return true
        case .mixed(let run):
            if roll < 90 {
                Self.writeCheck(key: key, into: out)
                return true
            }
            if roll >= 98 {
                // A desk read: the whole account, a multi-line reply.
                out.append("STATUS BENCH-")
                out.append(decimal: Int64(key))
                out.append(byte: UInt8(ascii: "\n"))
                return false
            }
            sequence += 1
            if roll < 94 {
                out.append("PAY BENCH-")
                out.append(decimal: Int64(key))
                out.append(" 1.00 ref=BP")
            } else {
                out.append("INVOICE BENCH-")
                out.append(decimal: Int64(key))
                out.append(" BI")
            }
            out.append(decimal: Int64(run))
            out.append(byte: UInt8(ascii: "-"))
            out.append(decimal: Int64(thread))
            out.append(byte: UInt8(ascii: "-"))
            out.append(decimal: Int64(sequence))
            if roll >= 94 { out.append(" 1.00") }
            out.append(byte: UInt8(ascii: "\n"))
            return false
        case .raw(let template):
            template.write(key: key, into: out)
            return false
        }
    }

    @inline(__always)
    private static func writeCheck(key: UInt64, into out: ByteBuffer) {
        out.append("CHECK BENCH-")
        out.append(decimal: Int64(key))
        out.append(" 1.00\n")
    }
}
