#if canImport(Glibc)
import Glibc
#endif

/// One blob being written into the store: a private temp file (O_EXCL) hashed as it grows, renamed into place
/// by `commit` only if its digest is the expected one. Dropped without commit, the temp file is removed.
public final class BlobWriter {
    private let store: ContentStore
    private let temporaryPath: String
    private var fd: Int32
    private var hasher = SHA256Hasher()
    public private(set) var byteCount: Int64 = 0

    public init(store: ContentStore) throws {
        self.store = store
        var path = ""
        var fd: Int32 = -1
        for _ in 0..<16 {
            path = store.ingestDirectory + "/tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
            fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if fd >= 0 || errno != EEXIST { break }
        }
        guard fd >= 0 else { throw ImageError.system("cannot create a temp file in \(store.ingestDirectory)", errno: errno) }
        self.temporaryPath = path
        self.fd = fd
    }

    deinit { discard() }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        hasher.update(bytes)
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(fd, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                let number = errno
                discard()
                throw ImageError.system("cannot write blob", errno: number)
            }
            offset += written
        }
        byteCount += Int64(bytes.count)
    }

    /// Verifies and renames the blob into place; on a mismatch nothing is committed.
    public func commit(expected: Digest?) throws -> Digest {
        let digest = hasher.finalize()
        if let expected, expected != digest {
            discard()
            throw ImageError(.corrupt, "blob content does not match its digest: expected \(expected), got \(digest): refused")
        }
        guard fsync(fd) == 0 else {
            let number = errno
            discard()
            throw ImageError.system("cannot sync blob", errno: number)
        }
        close(fd)
        fd = -1
        guard rename(temporaryPath, store.path(of: digest)) == 0 else {
            let number = errno
            unlink(temporaryPath)
            throw ImageError.system("cannot commit blob \(digest)", errno: number)
        }
        return digest
    }

    public func discard() {
        guard fd >= 0 else { return }
        close(fd)
        fd = -1
        unlink(temporaryPath)
    }
}
