import CVesselSys
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads and creates paths inside a container rootfs, resolving symlinks as if the rootfs were `/`
/// (openat2 RESOLVE_IN_ROOT), so an image's symlinks cannot point Vessel at host files.
enum RootfsFiles {
    private static let openPath: Int32 = 0o10000000  // O_PATH
    private static let resolve: UInt64 = 0x10 | 0x02  // RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS

    static func read(_ path: String, in rootfs: String, limit: Int = 1 << 20) -> String? {
        let root = open(rootfs, openPath | O_DIRECTORY | O_CLOEXEC)
        guard root >= 0 else { return nil }
        defer { close(root) }
        let fd = Int32(truncatingIfNeeded: vessel_openat2(root, path, UInt64(O_RDONLY | O_CLOEXEC), 0, resolve))
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while bytes.count < limit {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `mkdir -p` inside the rootfs (for a working directory the image does not have).
    static func makeDirectories(_ path: String, in rootfs: String) throws {
        let root = open(rootfs, openPath | O_DIRECTORY | O_CLOEXEC)
        guard root >= 0 else { throw ContainerError(.system, "cannot open \(rootfs)") }
        defer { close(root) }
        var prefix = ""
        for component in path.split(separator: "/") where component != "." {
            guard component != ".." else { throw ContainerError(.invalidInput, "working directory must not contain ..: \(path)") }
            let parent = prefix.isEmpty ? fcntl(root, F_DUPFD_CLOEXEC, 0)
                : Int32(truncatingIfNeeded: vessel_openat2(root, prefix, UInt64(openPath | O_DIRECTORY | O_CLOEXEC), 0, resolve))
            guard parent >= 0 else { throw ContainerError(.invalidInput, "cannot create \(path) in the container: \(String(cString: strerror(errno)))") }
            defer { close(parent) }
            if mkdirat(parent, String(component), 0o755) != 0 && errno != EEXIST {
                throw ContainerError(.invalidInput, "cannot create \(path) in the container: \(String(cString: strerror(errno)))")
            }
            prefix += (prefix.isEmpty ? "" : "/") + component
        }
    }
}
