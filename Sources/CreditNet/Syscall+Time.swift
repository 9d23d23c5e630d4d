import Glibc

extension Syscall {
    /// Nanoseconds of CLOCK_MONOTONIC: for timers and latencies, never for stored instants.
    public static func monotonicNanoseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    /// Seconds since the epoch, UTC (CLOCK_REALTIME).
    public static func wallClockSeconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec)
    }
}
