#if canImport(Glibc)
import Glibc
#endif

/// A blob download that survives interruption: `<ingest>/<hex>.partial`, locked with flock so a second pull of
/// the same blob waits for the first, re-hashed on reopen so the download continues at its end (HTTP Range).
final class ResumableBlobWriter {
    let digest: Digest
    private let store: ContentStore
    private let partialPath: String
    private let fd: Int32
    private var hasher = SHA256Hasher()
    private(set) var offset: Int64 = 0

    init(store: ContentStore, digest: Digest) throws {
        self.store = store
        self.digest = digest
        partialPath = store.ingestDirectory + "/" + digest.hex + ".partial"
        let fd = open(partialPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ImageError.system("cannot open \(partialPath)", errno: errno) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else {
                close(fd)
                throw ImageError.system("cannot lock \(partialPath)", errno: errno)
            }
        }
        self.fd = fd
        // Hash what an earlier attempt left, so the final digest covers the whole blob.
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            offset += Int64(count)
        }
    }

    deinit { close(fd) }

    /// Another writer may have completed the blob while we waited for the lock.
    var alreadyCommitted: Bool { store.contains(digest) }

    func restart() throws {
        guard ftruncate(fd, 0) == 0, lseek(fd, 0, SEEK_SET) == 0 else { throw ImageError.system("cannot truncate \(partialPath)", errno: errno) }
        hasher = SHA256Hasher()
        offset = 0
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        hasher.update(bytes)
        var written = 0
        while written < bytes.count {
            let count = Glibc.write(fd, bytes.baseAddress.map { $0 + written }, bytes.count - written)
            if count < 0 {
                if errno == EINTR { continue }
                throw ImageError.system("cannot write \(partialPath)", errno: errno)
            }
            written += count
        }
        offset += Int64(bytes.count)
    }

    func commit() throws {
        let actual = hasher.finalize()
        guard actual == digest else {
            unlink(partialPath)
            throw ImageError(.corrupt, "blob content does not match its digest: expected \(digest), got \(actual): refused")
        }
        guard fsync(fd) == 0 else { throw ImageError.system("cannot sync \(partialPath)", errno: errno) }
        guard rename(partialPath, store.path(of: digest)) == 0 else { throw ImageError.system("cannot commit blob \(digest)", errno: errno) }
    }

    func discardIfEmpty() {
        if offset == 0 { unlink(partialPath) }
    }
}
