import Glibc

/// Small, synchronous file helpers for cgroupfs (and plain directories in tests). Every call retries EINTR
/// and opens with O_CLOEXEC.
enum CgroupFiles {
    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    static func read(_ path: String) throws(CgroupError) -> String {
        var descriptor: Int32
        repeat { descriptor = open(path, O_RDONLY | O_CLOEXEC) } while descriptor == -1 && errno == EINTR
        guard descriptor >= 0 else { throw .readFailed(file: path, errno: errno) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count == -1 && errno == EINTR { continue }
            guard count >= 0 else { throw .readFailed(file: path, errno: errno) }
            if count == 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func readTrimmed(_ path: String) throws(CgroupError) -> String {
        trimmed(try read(path))
    }

    static func readInteger(_ path: String) throws(CgroupError) -> UInt64 {
        let text = try readTrimmed(path)
        guard let value = UInt64(text) else { throw .malformedFile(file: path, content: text) }
        return value
    }

    /// Writes `value` in a single write(2), as cgroupfs expects one value per write.
    static func write(_ path: String, _ value: String) throws(CgroupError) {
        var descriptor: Int32
        repeat { descriptor = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC) } while descriptor == -1 && errno == EINTR
        guard descriptor >= 0 else {
            if errno == ENOENT { throw .missingFile(file: path, value: value) }
            throw .writeFailed(file: path, value: value, errno: errno)
        }
        defer { close(descriptor) }
        let bytes = Array(value.utf8)
        var written: Int
        repeat {
            written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        } while written == -1 && errno == EINTR
        guard written == bytes.count else { throw .writeFailed(file: path, value: value, errno: written == -1 ? errno : EIO) }
    }

    /// mkdir -p; an existing directory is fine. The full path is tried first: usually only the last component is
    /// missing, and walking down from / would cost a failing mkdir per ancestor.
    static func makeDirectories(_ path: String) throws(CgroupError) {
        if mkdir(path, 0o755) == 0 { return }
        let code = errno
        if code == EEXIST { return }
        guard code == ENOENT, let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")), slash != path.utf8.startIndex else {
            throw .mkdirFailed(path: path, errno: code)
        }
        try makeDirectories(String(path[..<slash]))
        if mkdir(path, 0o755) != 0 && errno != EEXIST { throw .mkdirFailed(path: path, errno: errno) }
    }

    static func subdirectories(_ path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var result: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." && entry.pointee.d_type == UInt8(DT_DIR) { result.append(name) }
        }
        return result
    }

    /// Removes a cgroup directory tree, deepest first, retrying EBUSY (the kernel may still be releasing
    /// exited tasks) until `deadline`. A missing directory counts as removed.
    static func removeTree(_ path: String, attempts: Int = 50) throws(CgroupError) {
        guard isDirectory(path) else { return }
        for child in subdirectories(path) {
            try removeTree(path + "/" + child, attempts: attempts)
        }
        var attempt = 0
        while rmdir(path) != 0 {
            let error = errno
            if error == ENOENT { return }
            guard error == EBUSY || error == EINTR, attempt < attempts else {
                throw .removeFailed(path: path, errno: error)
            }
            attempt += 1
            sleepMilliseconds(20)
        }
    }

    static func sleepMilliseconds(_ milliseconds: Int) {
        var request = timespec(tv_sec: milliseconds / 1000, tv_nsec: (milliseconds % 1000) * 1_000_000)
        var remaining = timespec()
        while nanosleep(&request, &remaining) == -1 && errno == EINTR { request = remaining }
    }

    static func trimmed(_ text: String) -> String {
        String(text.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }

    /// Parses "key value" lines (memory.stat, memory.events, cgroup.events, cpu.stat, memory.oom_control).
    static func keyValues(_ text: String) -> [String: UInt64] {
        var result: [String: UInt64] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count == 2, let value = UInt64(fields[1]) { result[String(fields[0])] = value }
        }
        return result
    }

    static func pids(_ path: String) throws(CgroupError) -> [Int32] {
        let text = try read(path)
        var result: [Int32] = []
        for line in text.split(separator: "\n") {
            guard let pid = Int32(line) else { throw .malformedFile(file: path, content: text) }
            result.append(pid)
        }
        return result
    }
}
