import Glibc
@testable import VesselRuntime

/// Runs `body` in a forked child that first unshares the given namespaces (always a mount namespace), and
/// returns the `key=value` findings the child reported. The child's mounts vanish with its namespace.
/// `body` may also write `key=value` lines to the report descriptor itself (e.g. from an exec'd program).
enum ChildProcess {
    /// fork() from the multi-threaded test runner can leave the child stuck or crashed in the allocator when
    /// another thread held its lock at the fork; such a child reports nothing at all, or times out. Only those
    /// cases are retried: any other report, including an error, is returned as it is. (The runtime itself never runs Swift
    /// code after fork: its init is a fresh exec.)
    static func run(
        unsharing extraFlags: Int32 = 0, timeoutSeconds: Int32 = 30, _ body: (_ reportFD: Int32) -> [String: String]
    ) -> [String: String] {
        var findings: [String: String] = [:]
        for _ in 0..<3 {
            findings = runOnce(unsharing: extraFlags, timeoutSeconds: timeoutSeconds, body)
            if !findings.isEmpty && findings != ["harness": "child timed out"] { break }
        }
        return findings
    }

    private static func runOnce(
        unsharing extraFlags: Int32, timeoutSeconds: Int32, _ body: (_ reportFD: Int32) -> [String: String]
    ) -> [String: String] {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return ["harness": "pipe failed errno \(errno)"] }
        let pid = fork()
        if pid == 0 {
            close(fds[0])
            var findings: [String: String]
            let failure = RootfsSyscall.unshare(RootfsSyscall.cloneNewMount | extraFlags)
            if failure != 0 {
                findings = ["harness": "unshare failed errno \(failure)"]
            } else {
                findings = body(fds[1])
            }
            let text = findings.map { "\($0.key)=\($0.value.replacingNewlines())" }.joined(separator: "\n") + "\n"
            let bytes = Array(text.utf8)
            var written = 0
            while written < bytes.count {
                let count = bytes[written...].withUnsafeBytes { write(fds[1], $0.baseAddress, $0.count) }
                if count <= 0 { break }
                written += count
            }
            _exit(0)
        }
        close(fds[1])
        guard pid > 0 else {
            close(fds[0])
            return ["harness": "fork failed errno \(errno)"]
        }
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        var pollEntry = pollfd(fd: fds[0], events: Int16(POLLIN), revents: 0)
        var timedOut = false
        while true {
            let ready = poll(&pollEntry, 1, timeoutSeconds * 1000)
            if ready == 0 {
                timedOut = true
                break
            }
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            let count = buffer.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            output.append(contentsOf: buffer[0..<count])
        }
        close(fds[0])
        if timedOut { kill(pid, SIGKILL) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        var findings: [String: String] = [:]
        for line in String(decoding: output, as: UTF8.self).split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            findings[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        if timedOut { findings["harness"] = "child timed out" }
        return findings
    }

    /// errno of a failed open-for-write-and-write, or 0 when the write worked.
    static func writeErrno(_ path: String, _ text: String = "x") -> Int32 {
        let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return errno }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        let count = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        return count < 0 ? errno : 0
    }

    static func readText(_ path: String) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return "errno \(errno)" }
        defer { close(fd) }
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            result.append(contentsOf: buffer[0..<count])
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// "c 1:3 0666" for a character device, or "errno N".
    static func deviceDescription(_ path: String) -> String {
        var info = stat()
        guard lstat(path, &info) == 0 else { return "errno \(errno)" }
        let type: String
        switch info.st_mode & S_IFMT {
        case S_IFCHR: type = "c"
        case S_IFBLK: type = "b"
        case S_IFIFO: type = "p"
        default: type = "?"
        }
        let device = UInt64(info.st_rdev)
        let major = ((device >> 8) & 0xFFF) | ((device >> 32) & ~UInt64(0xFFF))
        let minor = (device & 0xFF) | ((device >> 12) & ~UInt64(0xFF))
        return "\(type) \(major):\(minor) \(String(info.st_mode & 0o7777, radix: 8))"
    }

    static func linkTarget(_ path: String) -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBufferPointer { pointer -> Int in
            guard let base = pointer.baseAddress else { return -1 }
            return readlink(path, base, pointer.count - 1)
        }
        guard count >= 0 else { return "errno \(errno)" }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }
}

extension String {
    func replacingNewlines() -> String {
        String(map { $0 == "\n" ? "|" : $0 })
    }
}
