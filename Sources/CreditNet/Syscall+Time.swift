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

extension Syscall {
    /// Makes the calling thread the last in line for the CPU (nice 19), so a
    /// background job such as a snapshot takes only what the loop leaves.
    public static func yieldCPUToOthers() {
        // On Linux a nice value belongs to a thread, and `who` 0 is the calling thread.
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)
    }
}
