internal import CVesselSys
import Glibc

/// Small helpers that turn C return conventions into thrown `RuntimeError`s and retry on EINTR.
enum SystemCall {
    /// Runs `body` until it stops failing with EINTR; throws for any other negative result.
    @discardableResult
    static func check<Result: BinaryInteger>(_ name: String, _ context: String = "", _ body: () -> Result) throws -> Result {
        while true {
            let result = body()
            if result >= 0 { return result }
            let code = errno
            if code == EINTR { continue }
            throw RuntimeError.systemCall(name: name, context: context, errno: code)
        }
    }

    static func closeIgnoringErrors(_ fd: Int32) {
        if fd >= 0 { _ = Glibc.close(fd) }
    }

    /// Writes all of `bytes`, retrying short writes and EINTR.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], name: String = "write") throws {
        var offset = 0
        while offset < bytes.count {
            let written = try bytes.withUnsafeBytes { buffer in
                try check(name) { Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset) }
            }
            offset += written
        }
    }

    /// Reads until EOF.
    static func readAll(_ fd: Int32, name: String = "read") throws -> [UInt8] {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = try chunk.withUnsafeMutableBytes { buffer in
                try check(name) { Glibc.read(fd, buffer.baseAddress, buffer.count) }
            }
            if count == 0 { return result }
            result.append(contentsOf: chunk[0..<count])
        }
    }

    static func readFile(_ path: String) throws -> [UInt8] {
        let fd = try check("open", path) { vessel_open(path, O_RDONLY | O_CLOEXEC, 0) }
        defer { closeIgnoringErrors(fd) }
        return try readAll(fd, name: "read \(path)")
    }

    static func readTextFile(_ path: String) throws -> String {
        String(decoding: try readFile(path), as: UTF8.self)
    }

    /// Writes a whole file; used for /proc and /sys knobs where a partial write is an error.
    static func writeFile(_ path: String, _ text: String, flags: Int32 = O_WRONLY | O_CLOEXEC, mode: UInt32 = 0o644) throws {
        let fd = try check("open", path) { vessel_open(path, flags, mode) }
        defer { closeIgnoringErrors(fd) }
        try writeAll(fd, Array(text.utf8), name: "write \(path)")
    }

    static func readLink(_ path: String) throws -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = try check("readlink", path) { readlink(path, &buffer, buffer.count - 1) }
        return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func fileExists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Names in a directory, without "." and "..". Nil when it cannot be opened.
    static func directoryEntries(_ path: String) -> [String]? {
        guard let stream = opendir(path) else { return nil }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// `text` without leading and trailing spaces, tabs and newlines.
    static func trimmed(_ text: String) -> String {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
        guard let first = text.firstIndex(where: { !blank($0) }), let last = text.lastIndex(where: { !blank($0) }) else { return "" }
        return String(text[first...last])
    }

    static func errnoError(_ name: String, _ context: String = "") -> RuntimeError {
        RuntimeError.systemCall(name: name, context: context, errno: errno)
    }
}
