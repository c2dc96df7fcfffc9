import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A raw image file in its own temporary directory, removed (and unmounted, for a size-limited tmpfs)
/// when the value goes away.
final class BlockTestImage {
    let directory: String
    let path: String
    private let mounted: Bool

    /// `tmpfsBytes` puts the image on a tmpfs of that size (root only); nil when it cannot be mounted.
    init?(size: Int, pattern: Bool = true, tmpfsBytes: Int? = nil) {
        var template = Array("/tmp/vessel-blk.XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }) else {
            return nil
        }
        directory = String(cString: made)
        path = directory + "/disk.img"
        if let tmpfsBytes {
            guard mount("tmpfs", directory, "tmpfs", 0, "size=\(tmpfsBytes)") == 0 else {
                rmdir(directory)
                return nil
            }
        }
        mounted = tmpfsBytes != nil
        let bytes = pattern ? (0..<size).map { UInt8(truncatingIfNeeded: $0 / 512 &* 7 &+ $0) } : []
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)), truncate(path, off_t(size)) == 0 else {
            return nil
        }
    }

    deinit {
        if mounted { umount2(directory, Int32(MNT_DETACH)) }
        try? FileManager.default.removeItem(atPath: directory)
    }

    func read(at offset: Int, count: Int) -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        try? handle.seek(toOffset: UInt64(offset))
        return [UInt8]((try? handle.read(upToCount: count)) ?? Data())
    }

    var fileSize: Int {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int) ?? -1
    }

    /// Bytes the file system has allocated for the file (st_blocks * 512).
    var allocatedBytes: Int {
        var status = stat()
        guard stat(path, &status) == 0 else { return -1 }
        return Int(status.st_blocks) * 512
    }
}
