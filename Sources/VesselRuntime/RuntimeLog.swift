internal import CVesselSys
import Glibc
import VesselOCISpec

/// runc-compatible log output for `--log` / `--log-format`. containerd shows the last `level=error` line to the user.
public final class RuntimeLog {
    public enum Format: String, Sendable {
        case text
        case json
    }

    private let fd: Int32
    private let format: Format
    private let debugEnabled: Bool

    /// With no path, log lines go nowhere (errors are still printed on stderr by the caller).
    public init(path: String?, format: Format, debug: Bool) throws {
        self.format = format
        self.debugEnabled = debug
        if let path, !path.isEmpty {
            fd = try SystemCall.check("open", path) { vessel_open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o640) }
        } else {
            fd = -1
        }
    }

    deinit { SystemCall.closeIgnoringErrors(fd) }

    public func error(_ message: String) { write(level: "error", message) }
    public func warning(_ message: String) { write(level: "warning", message) }
    public func info(_ message: String) { write(level: "info", message) }
    public func debug(_ message: String) { if debugEnabled { write(level: "debug", message) } }

    private func write(level: String, _ message: String) {
        guard fd >= 0 else { return }
        let time = Self.timestamp()
        let line: String
        switch format {
        case .json:
            let fields = ["level": level, "msg": message, "time": time]
            line = String(decoding: (try? SpecJSON.encodeCompact(fields)) ?? [], as: UTF8.self) + "\n"
        case .text:
            line = "time=\"\(time)\" level=\(level) msg=\"\(Self.escapeQuotes(message))\"\n"
        }
        _ = try? SystemCall.writeAll(fd, Array(line.utf8))
    }

    private static func escapeQuotes(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "\\" || character == "\"" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }

    /// RFC 3339 with nanoseconds in UTC, the format runc and containerd print.
    public static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var broken = tm()
        gmtime_r(&seconds, &broken)
        return padded(Int(broken.tm_year) + 1900, 4) + "-" + padded(Int(broken.tm_mon) + 1, 2) + "-"
            + padded(Int(broken.tm_mday), 2) + "T" + padded(Int(broken.tm_hour), 2) + ":" + padded(Int(broken.tm_min), 2)
            + ":" + padded(Int(broken.tm_sec), 2) + "." + padded(Int(now.tv_nsec), 9) + "Z"
    }

    /// `value` in decimal, zero-padded on the left to `width` digits.
    static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
