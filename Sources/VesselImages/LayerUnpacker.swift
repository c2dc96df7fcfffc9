import CVesselImages
import CVesselSys
#if canImport(Glibc)
import Glibc
#endif

/// Writes one layer's tar stream into an empty snapshot directory in overlayfs's format: whiteouts become
/// 0/0 character devices and opaque markers become `trusted.overlay.opaque=y`, so the layer can be a lower dir.
///
/// Nothing can be written outside the snapshot: entry names with `..` are refused, absolute names are taken
/// relative to the snapshot, every parent directory is resolved with openat2(RESOLVE_IN_ROOT) (a symlink in
/// the layer resolves as if the snapshot were `/`), the last component is created with O_EXCL|O_NOFOLLOW, and
/// hard-link targets are resolved the same way.
final class LayerUnpacker {
    private let rootPath: String
    private let rootFD: Int32
    private let privileged = geteuid() == 0
    private var cachedParent: (path: String, fd: Int32)?
    private var directoryTimes: [(components: [String], seconds: Int, nanoseconds: Int)] = []
    private(set) var statistics = UnpackStatistics()

    init(rootPath: String) throws {
        self.rootPath = rootPath
        let fd = open(rootPath, OpenFlags.path | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw ImageError.system("cannot open snapshot \(rootPath)", errno: errno) }
        rootFD = fd
    }

    deinit {
        if let cachedParent { close(cachedParent.fd) }
        close(rootFD)
    }

    func apply(_ reader: TarReader) throws {
        while let entry = try reader.next() {
            statistics.entries += 1
            try apply(entry, reader: reader)
        }
        try applyDirectoryTimes()
    }

    /// Splits an entry name into components: `.` and empty parts dropped, a leading `/` ignored, `..` refused.
    static func components(of name: String) throws -> [String] {
        var result: [String] = []
        for part in name.split(separator: "/") where part != "." {
            guard part != ".." else {
                throw ImageError(.corrupt, "layer entry \"\(name.prefix(200))\" points outside its root (..): refused")
            }
            result.append(String(part))
        }
        return result
    }

    private func apply(_ entry: TarEntry, reader: TarReader) throws {
        let components = try Self.components(of: entry.path)
        guard let name = components.last else {
            if entry.kind == .directory { try applyRootMetadata(entry) }
            return
        }
        let parentComponents = Array(components.dropLast())
        if name.hasPrefix(".wh.") {
            try applyWhiteout(name: name, parentComponents: parentComponents)
            return
        }
        let parent = try parentDirectory(parentComponents)
        switch entry.kind {
        case .regular:
            try writeRegularFile(entry, name: name, parent: parent, reader: reader)
        case .directory:
            try makeDirectory(entry, name: name, parent: parent, components: components)
        case .symbolicLink:
            try replace(name, in: parent) { symlinkat(entry.linkName, parent, name) }
            try applyOwnerAndTimes(entry, name: name, parent: parent, isLink: true)
        case .hardLink:
            let targetComponents = try Self.components(of: entry.linkName)
            guard let targetName = targetComponents.last else {
                throw ImageError(.corrupt, "layer hard link \"\(entry.path.prefix(200))\" has no target")
            }
            let targetParent = try openInRoot(Array(targetComponents.dropLast()), create: false)
            defer { close(targetParent) }
            try replace(name, in: parent) { linkat(targetParent, targetName, parent, name, 0) }
        case .characterDevice, .blockDevice, .fifo:
            guard privileged || entry.kind == .fifo else {
                statistics.skippedDevices += 1
                return
            }
            let type: UInt32 = entry.kind == .fifo ? S_IFIFO : (entry.kind == .characterDevice ? S_IFCHR : S_IFBLK)
            try replace(name, in: parent) {
                vessel_images_mknodat(parent, name, type | (entry.mode & 0o7777), entry.deviceMajor, entry.deviceMinor)
            }
            try applyOwnerAndTimes(entry, name: name, parent: parent, isLink: false)
        }
    }

    // MARK: entries

    private func writeRegularFile(_ entry: TarEntry, name: String, parent: Int32, reader: TarReader) throws {
        var fd = vessel_openat(parent, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        if fd < 0 && errno == EEXIST {
            try removeExisting(name, in: parent)
            fd = vessel_openat(parent, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        }
        guard fd >= 0 else { throw ImageError.system("cannot create \(entry.path.prefix(200))", errno: errno) }
        defer { close(fd) }
        try reader.readContent { chunk in
            var offset = 0
            while offset < chunk.count {
                let written = write(fd, chunk.baseAddress.map { $0 + offset }, chunk.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw ImageError.system("cannot write \(entry.path.prefix(200))", errno: errno)
                }
                offset += written
            }
            statistics.fileBytes += Int64(chunk.count)
        }
        if privileged, fchown(fd, uid_t(clamping: entry.uid), gid_t(clamping: entry.gid)) != 0 {
            throw ImageError.system("cannot chown \(entry.path.prefix(200))", errno: errno)
        }
        guard fchmod(fd, entry.mode & 0o7777) == 0 else { throw ImageError.system("cannot chmod \(entry.path.prefix(200))", errno: errno) }
        try setXattrs(entry, fd: fd)
        var times = Self.times(entry)
        guard futimens(fd, &times) == 0 else { throw ImageError.system("cannot set times of \(entry.path.prefix(200))", errno: errno) }
    }

    private func makeDirectory(_ entry: TarEntry, name: String, parent: Int32, components: [String]) throws {
        var status = stat()
        if fstatat(parent, name, &status, AT_SYMLINK_NOFOLLOW) == 0 {
            if status.st_mode & S_IFMT != S_IFDIR {
                try removeExisting(name, in: parent)
                guard mkdirat(parent, name, 0o700) == 0 else { throw ImageError.system("cannot create \(entry.path.prefix(200))", errno: errno) }
            }
        } else {
            guard mkdirat(parent, name, 0o700) == 0 else { throw ImageError.system("cannot create \(entry.path.prefix(200))", errno: errno) }
        }
        let fd = vessel_openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0)
        guard fd >= 0 else { throw ImageError.system("cannot open \(entry.path.prefix(200))", errno: errno) }
        defer { close(fd) }
        if privileged, fchown(fd, uid_t(clamping: entry.uid), gid_t(clamping: entry.gid)) != 0 {
            throw ImageError.system("cannot chown \(entry.path.prefix(200))", errno: errno)
        }
        guard fchmod(fd, entry.mode & 0o7777) == 0 else { throw ImageError.system("cannot chmod \(entry.path.prefix(200))", errno: errno) }
        try setXattrs(entry, fd: fd)
        directoryTimes.append((components, entry.modificationSeconds, entry.modificationNanoseconds))
    }

    private func applyRootMetadata(_ entry: TarEntry) throws {
        let fd = open(rootPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw ImageError.system("cannot open snapshot \(rootPath)", errno: errno) }
        defer { close(fd) }
        if privileged { _ = fchown(fd, uid_t(clamping: entry.uid), gid_t(clamping: entry.gid)) }
        _ = fchmod(fd, entry.mode & 0o7777)
        directoryTimes.append(([], entry.modificationSeconds, entry.modificationNanoseconds))
    }

    /// `.wh.NAME` hides NAME of lower layers (a 0/0 character device); `.wh..wh..opq` hides the whole directory.
    private func applyWhiteout(name: String, parentComponents: [String]) throws {
        guard privileged else {
            throw ImageError(.unsupported, "layer has whiteouts, which need root to unpack (overlayfs format)")
        }
        statistics.whiteouts += 1
        if name == ".wh..wh..opq" {
            let fd = try openInRoot(parentComponents, create: true, flags: O_RDONLY | O_DIRECTORY)
            defer { close(fd) }
            let value: [UInt8] = [UInt8(ascii: "y")]
            guard vessel_images_fsetxattr(fd, "trusted.overlay.opaque", value, 1) == 0 else {
                throw ImageError.system("cannot mark \(parentComponents.joined(separator: "/")) opaque", errno: errno)
            }
            return
        }
        if name.hasPrefix(".wh..wh.") { return }  // aufs bookkeeping (.wh..wh.plnk and the like)
        let hidden = String(name.dropFirst(4))
        let parent = try parentDirectory(parentComponents)
        try replace(hidden, in: parent) { vessel_images_mknodat(parent, hidden, S_IFCHR, 0, 0) }
    }

    // MARK: metadata

    private func applyOwnerAndTimes(_ entry: TarEntry, name: String, parent: Int32, isLink: Bool) throws {
        if privileged, fchownat(parent, name, uid_t(clamping: entry.uid), gid_t(clamping: entry.gid), AT_SYMLINK_NOFOLLOW) != 0 {
            throw ImageError.system("cannot chown \(entry.path.prefix(200))", errno: errno)
        }
        var times = Self.times(entry)
        _ = utimensat(parent, name, &times, AT_SYMLINK_NOFOLLOW)
    }

    private func setXattrs(_ entry: TarEntry, fd: Int32) throws {
        for xattr in entry.xattrs {
            // Only user/trusted/security names; overlay's own trusted.overlay.* must not come from a layer.
            if xattr.name.hasPrefix("trusted.overlay.") { continue }
            guard privileged || xattr.name.hasPrefix("user.") else { continue }
            let status = xattr.value.withUnsafeBytes { vessel_images_fsetxattr(fd, xattr.name, $0.baseAddress, $0.count) }
            if status != 0 && errno != ENOTSUP && errno != EOPNOTSUPP {
                throw ImageError.system("cannot set xattr \(xattr.name) on \(entry.path.prefix(200))", errno: errno)
            }
        }
    }

    private func applyDirectoryTimes() throws {
        invalidateCache()
        for record in directoryTimes.reversed() {
            var times = [timespec(tv_sec: record.seconds, tv_nsec: record.nanoseconds),
                         timespec(tv_sec: record.seconds, tv_nsec: record.nanoseconds)]
            guard let name = record.components.last else {
                let fd = open(rootPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
                if fd >= 0 { _ = futimens(fd, &times); close(fd) }
                continue
            }
            guard let parent = try? openInRoot(Array(record.components.dropLast()), create: false) else { continue }
            _ = utimensat(parent, name, &times, AT_SYMLINK_NOFOLLOW)
            close(parent)
        }
    }

    private static func times(_ entry: TarEntry) -> [timespec] {
        let time = timespec(tv_sec: entry.modificationSeconds, tv_nsec: entry.modificationNanoseconds)
        return [time, time]
    }

    // MARK: paths

    /// The parent directory of an entry, created if missing, cached for the run of entries that share it.
    private func parentDirectory(_ components: [String]) throws -> Int32 {
        let key = components.joined(separator: "/")
        if let cachedParent, cachedParent.path == key { return cachedParent.fd }
        let fd = try openInRoot(components, create: true)
        invalidateCache()
        cachedParent = (key, fd)
        return fd
    }

    private func invalidateCache() {
        if let cachedParent { close(cachedParent.fd) }
        cachedParent = nil
    }

    /// Opens a directory inside the snapshot, resolving symlinks as if the snapshot were `/`.
    private func openInRoot(_ components: [String], create: Bool, flags: Int32 = OpenFlags.path | O_DIRECTORY) throws -> Int32 {
        if components.isEmpty {
            let fd = components.isEmpty && flags == OpenFlags.path | O_DIRECTORY
                ? fcntl(rootFD, F_DUPFD_CLOEXEC, 0) : open(rootPath, flags | O_CLOEXEC)
            guard fd >= 0 else { throw ImageError.system("cannot open snapshot \(rootPath)", errno: errno) }
            return fd
        }
        let path = components.joined(separator: "/")
        let resolve = OpenFlags.resolveInRoot | OpenFlags.resolveNoMagicLinks
        var fd = Int32(truncatingIfNeeded: vessel_openat2(rootFD, path, UInt64(flags | O_CLOEXEC), 0, resolve))
        if fd < 0 && errno == ENOENT && create {
            let grandparent = try openInRoot(Array(components.dropLast()), create: true)
            defer { close(grandparent) }
            if mkdirat(grandparent, components[components.count - 1], 0o755) != 0 && errno != EEXIST {
                throw ImageError.system("cannot create directory \(path.prefix(200))", errno: errno)
            }
            fd = Int32(truncatingIfNeeded: vessel_openat2(rootFD, path, UInt64(flags | O_CLOEXEC), 0, resolve))
        }
        guard fd >= 0 else {
            if errno == ENOTDIR || errno == ELOOP {
                throw ImageError(.corrupt, "layer entry under \"\(path.prefix(200))\", which is not a directory: refused")
            }
            throw ImageError.system("cannot open directory \(path.prefix(200)) in layer", errno: errno)
        }
        return fd
    }

    /// Runs `create` (a *at call returning 0 on success); if the name exists, removes it first and retries.
    private func replace(_ name: String, in parent: Int32, _ create: () -> Int32) throws {
        if create() == 0 { return }
        guard errno == EEXIST else { throw ImageError.system("cannot create \(name.prefix(200))", errno: errno) }
        try removeExisting(name, in: parent)
        guard create() == 0 else { throw ImageError.system("cannot create \(name.prefix(200))", errno: errno) }
    }

    private func removeExisting(_ name: String, in parent: Int32) throws {
        invalidateCacheIfNot(parent)
        if unlinkat(parent, name, 0) == 0 { return }
        if errno == EISDIR {
            try FileTree.remove(name, in: parent)
            return
        }
        if errno != ENOENT { throw ImageError.system("cannot replace \(name.prefix(200))", errno: errno) }
    }

    /// Replacing something can change what a cached path resolves to; keep the cache only if it is `parent` itself.
    private func invalidateCacheIfNot(_ parent: Int32) {
        if let cachedParent, cachedParent.fd != parent { invalidateCache() }
    }
}
