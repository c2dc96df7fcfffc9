import Glibc

/// Plain-syscall output for the CLI: stdout writes, the `spec` file and `ps` command lines.
enum StandardOutput {
    /// Writes all of `bytes` to stdout; a closed stdout is not an error worth reporting.
    static func write(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(1, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }

    /// Creates `path` (refusing to replace it, as runc) with `bytes`.
    static func createFile(_ path: String, _ bytes: [UInt8]) throws {
        var fd: Int32
        repeat { fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666) } while fd < 0 && errno == EINTR
        guard fd >= 0 else {
            if errno == EEXIST { throw UsageError("File \(path) exists. Remove it first") }
            throw UsageError("cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw UsageError("cannot write \(path): \(String(cString: strerror(errno)))") }
            offset += written
        }
    }

    /// /proc/PID/cmdline with the NULs as spaces; empty when the process is gone.
    static func commandLine(pid: Int32) -> String {
        let fd = open("/proc/\(pid)/cmdline", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return "" }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += chunk[0..<count]
        }
        while bytes.last == 0 || bytes.last == 0x20 { bytes.removeLast() }
        return String(decoding: bytes.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
    }
}
