#if canImport(Glibc)
import Glibc
#endif

/// Reads /proc/self/mountinfo with plain syscalls.
enum RootfsMountTable {
    struct Entry: Equatable {
        /// The path inside the file system that is mounted (field 4).
        var root: String
        var mountPoint: String
        var fsType: String
        var superOptions: [String]
    }

    /// Entries in table order (later entries are mounted on top of earlier ones).
    static func entries(path: String = "/proc/self/mountinfo") -> [Entry] {
        guard let text = readSmallFile(path) else { return [] }
        // Bytes, not Characters: grapheme breaking over a whole mount table is slow.
        return text.utf8.split(separator: UInt8(ascii: "\n")).compactMap { line in
            let fields = line.split(separator: UInt8(ascii: " "))
            guard fields.count > 4, let separator = fields.firstIndex(where: { $0.count == 1 && $0.first == UInt8(ascii: "-") }),
                  separator + 2 < fields.count else { return nil }
            let superOptions = separator + 3 < fields.count
                ? fields[separator + 3].split(separator: UInt8(ascii: ",")).map { String(decoding: $0, as: UTF8.self) } : []
            return Entry(
                root: unescape(String(decoding: fields[3], as: UTF8.self)), mountPoint: unescape(String(decoding: fields[4], as: UTF8.self)),
                fsType: String(decoding: fields[separator + 1], as: UTF8.self), superOptions: superOptions)
        }
    }

    static func mountPoints() -> [String] {
        entries().map(\.mountPoint)
    }

    /// The deepest mount point that is `path` or one of its ancestors.
    static func mountPoint(containing path: String) -> String? {
        var best: String?
        for point in mountPoints() {
            let matches = point == "/" || path == point || path.hasPrefix(point + "/")
            if matches, point.count >= (best?.count ?? -1) { best = point }
        }
        return best
    }

    /// mountinfo escapes space, tab, newline and backslash as `\ooo`.
    static func unescape(_ field: String) -> String {
        guard field.utf8.contains(UInt8(ascii: "\\")) else { return field }
        var bytes: [UInt8] = []
        let raw = Array(field.utf8)
        var index = 0
        while index < raw.count {
            if raw[index] == UInt8(ascii: "\\"), index + 3 < raw.count {
                let digits = raw[(index + 1)...(index + 3)]
                if digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "7") }) {
                    let value = digits.reduce(0) { $0 * 8 + Int($1 - UInt8(ascii: "0")) }
                    bytes.append(UInt8(truncatingIfNeeded: value))
                    index += 4
                    continue
                }
            }
            bytes.append(raw[index])
            index += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func readSmallFile(_ path: String) -> String? {
        let opened = RootfsSyscall.openat(AT_FDCWD, path, flags: O_RDONLY)
        guard opened.fd >= 0 else { return nil }
        defer { close(opened.fd) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16384)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(opened.fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { break }
            result.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: result, as: UTF8.self)
    }
}
