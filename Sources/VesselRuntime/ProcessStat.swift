import Glibc

/// The fields of /proc/PID/stat the runtime needs to tell a live process from a reused pid.
public struct ProcessStat: Sendable, Equatable {
    public let pid: Int32
    /// One-letter state: R, S, D, Z (zombie), T, t, X, ...
    public let state: Character
    public let parentPID: Int32
    /// Start time in clock ticks since boot (field 22).
    public let startTime: UInt64

    /// Returns nil when the process does not exist (or its stat file cannot be parsed).
    public static func read(pid: Int32) -> ProcessStat? {
        guard pid > 0, let text = try? SystemCall.readTextFile("/proc/\(pid)/stat") else { return nil }
        return parse(text, pid: pid)
    }

    /// The command name may contain spaces and parentheses, so fields are counted after the last ')'.
    static func parse(_ text: String, pid: Int32) -> ProcessStat? {
        let bytes = text.utf8
        guard let closing = bytes.lastIndex(of: UInt8(ascii: ")")) else { return nil }
        let rest = bytes[bytes.index(after: closing)...].split(separator: UInt8(ascii: " "), maxSplits: 20)
        // rest[0] is field 3 (state); field N is rest[N - 3].
        guard rest.count > 19, let state = rest[0].first,
              let parent = Int32(String(decoding: rest[1], as: UTF8.self)),
              let start = UInt64(String(decoding: rest[19], as: UTF8.self)) else { return nil }
        return ProcessStat(pid: pid, state: Character(Unicode.Scalar(state)), parentPID: parent, startTime: start)
    }

    /// True when `pid` still names the same, not yet exited process that was started at `startTime`.
    public static func isAlive(pid: Int32, startTime: UInt64) -> Bool {
        guard let stat = read(pid: pid) else { return false }
        return stat.startTime == startTime && stat.state != "Z" && stat.state != "X"
    }
}
