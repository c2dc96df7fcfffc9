#if canImport(Glibc)
import Glibc
#endif

/// Reads whole host files with one-line errors.
enum HostFile {
    static func readAll(path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw VMMError.hostCallFailed(call: "open", errno: errno) }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw VMMError.hostCallFailed(call: "fstat", errno: errno) }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw VMMError.invalidConfiguration("not a regular file")
        }
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size))
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return read(fd, base + offset, buffer.count - offset)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw VMMError.hostCallFailed(call: "read", errno: errno)
            }
            if count == 0 { break }
            offset += count
        }
        return Array(bytes.prefix(offset))
    }
}
