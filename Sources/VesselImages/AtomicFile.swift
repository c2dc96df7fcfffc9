import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Small metadata files (records, bundle configs) written to a temp name and renamed into place, so a reader never
/// sees half a file. No fsync: these are rebuilt or re-read state, not content (blobs are fsynced by `BlobWriter`),
/// and Foundation's atomic write would fsync every one of them on the `vessel run` path.
public enum AtomicFile {
    public static func write(_ data: Data, to path: String) throws {
        let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ImageError.system("cannot write \(path)", errno: errno) }
        var offset = 0
        let failure: Int32? = data.withUnsafeBytes { bytes in
            while offset < bytes.count {
                let written = Glibc.write(fd, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
        close(fd)
        if let failure {
            unlink(temporary)
            throw ImageError.system("cannot write \(path)", errno: failure)
        }
        guard rename(temporary, path) == 0 else {
            let number = errno
            unlink(temporary)
            throw ImageError.system("cannot write \(path)", errno: number)
        }
    }
}
