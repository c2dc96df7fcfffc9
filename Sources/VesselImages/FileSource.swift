#if canImport(Glibc)
import Glibc
#endif

/// Reads a file descriptor it owns, retrying on EINTR, optionally hashing every byte read.
final class FileSource: ByteSource {
    private let fd: Int32
    private let path: String
    private var hasher: SHA256Hasher?
    private(set) var bytesRead: Int64 = 0

    init(path: String, hashing: Bool = false) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ImageError.system("cannot open \(path)", errno: errno) }
        self.fd = fd
        self.path = path
        self.hasher = hashing ? SHA256Hasher() : nil
    }

    deinit { close(fd) }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let count = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw ImageError.system("cannot read \(path)", errno: errno)
            }
            if count > 0 {
                hasher?.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
                bytesRead += Int64(count)
            }
            return count
        }
    }

    /// The sha256 of everything read so far (nil unless created with `hashing`).
    var digest: Digest? { hasher?.finalize() }
}
