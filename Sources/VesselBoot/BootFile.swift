#if canImport(Glibc)
import Glibc
#endif

/// A read-only file opened close-on-exec, read with EINTR retries.
final class BootFile {
    let descriptor: Int32
    let path: String
    let what: String

    init(path: String, what: String) throws {
        self.path = path
        self.what = what
        var descriptor: Int32
        repeat {
            descriptor = open(path, O_RDONLY | O_CLOEXEC)
        } while descriptor < 0 && errno == EINTR
        guard descriptor >= 0 else {
            let error = errno
            if error == ENOENT || error == ENOTDIR {
                throw BootError.fileNotFound(what: what, path: path)
            }
            throw BootError.fileUnreadable(what: what, path: path, errno: error)
        }
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// Size of a regular file; other kinds of file are refused.
    func size() throws -> UInt64 {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw BootError.fileUnreadable(what: what, path: path, errno: errno)
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw BootError.notARegularFile(what: what, path: path)
        }
        return UInt64(status.st_size)
    }

    /// Fills `buffer` completely from the current position; a short file is an error.
    func readExactly(into buffer: UnsafeMutableRawBufferPointer) throws {
        guard let base = buffer.baseAddress else { return }
        var done = 0
        while done < buffer.count {
            let result = read(descriptor, base + done, buffer.count - done)
            if result < 0 {
                if errno == EINTR { continue }
                throw BootError.fileUnreadable(what: what, path: path, errno: errno)
            }
            guard result > 0 else {
                // The file shrank while we read it.
                throw BootError.fileUnreadable(what: what, path: path, errno: EIO)
            }
            done += result
        }
    }

    /// Reads the whole file into memory, refusing files above `limit` bytes.
    static func readAll(path: String, what: String, limit: UInt64) throws -> [UInt8] {
        let file = try BootFile(path: path, what: what)
        let size = try file.size()
        guard size <= limit else { throw BootError.fileTooLarge(what: what, path: path, size: size) }
        var bytes = [UInt8](repeating: 0, count: Int(size))
        try bytes.withUnsafeMutableBytes { try file.readExactly(into: $0) }
        return bytes
    }
}
