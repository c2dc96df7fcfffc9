#if canImport(Glibc)
import Glibc
#endif

/// Resolves container paths inside the root file system the way the kernel would after chroot: `..` and
/// absolute symlinks stop at the root, so no spec path can reach a host file. Uses openat2(RESOLVE_IN_ROOT)
/// when the kernel has it; otherwise walks components with O_NOFOLLOW and splices symlinks itself.
/// Returned descriptors are O_PATH; mount through `RootfsSyscall.procPath(fd)`.
struct RootfsPathResolver: ~Copyable {
    static let maximumSymlinks = 40

    let rootPath: String
    let rootFD: Int32
    let usesOpenat2: Bool

    /// Opens `rootPath` (a host path). `forceWalk` disables openat2, to test the fallback.
    init(rootPath: String, forceWalk: Bool = false) throws(RootfsError) {
        let opened = RootfsSyscall.openat(AT_FDCWD, rootPath, flags: O_DIRECTORY | RootfsSyscall.openPath)
        guard opened.fd >= 0 else { throw RootfsError.pathFailed(operation: "open rootfs", path: rootPath, errno: opened.errno) }
        self.rootPath = rootPath
        self.rootFD = opened.fd
        if forceWalk {
            usesOpenat2 = false
        } else {
            let probe = RootfsSyscall.openat2(opened.fd, ".", flags: RootfsSyscall.openPath, resolve: RootfsSyscall.resolveInRoot)
            if probe.fd >= 0 { close(probe.fd) }
            usesOpenat2 = probe.fd >= 0
        }
    }

    deinit {
        close(rootFD)
    }

    /// Lexically cleaned components of a container path; `..` never climbs above the root.
    static func components(_ path: String) -> [String] {
        var result: [String] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if !result.isEmpty { result.removeLast() }
                continue
            }
            result.append(String(part))
        }
        return result
    }

    /// `/a/b/c` for components, `/` for none.
    static func join(_ components: [String]) -> String {
        "/" + components.joined(separator: "/")
    }

    /// Opens `path` inside the root, following symlinks (clamped to the root). Returns (fd, errno).
    func resolve(_ path: String) -> (fd: Int32, errno: Int32) {
        let relative = RootfsPathResolver.components(path).joined(separator: "/")
        let target = relative.isEmpty ? "." : relative
        if usesOpenat2 {
            return RootfsSyscall.openat2(
                rootFD, target, flags: RootfsSyscall.openPath,
                resolve: RootfsSyscall.resolveInRoot | RootfsSyscall.resolveNoMagiclinks)
        }
        return walk(target)
    }

    /// The component walk: every step is O_NOFOLLOW; a symlink's target is read and spliced into the
    /// remaining components, restarting at the root for absolute targets.
    private func walk(_ path: String) -> (fd: Int32, errno: Int32) {
        var pending = RootfsPathResolver.components(path)
        var stack: [Int32] = []
        var symlinks = 0
        func current() -> Int32 { stack.last ?? rootFD }
        func release() { for fd in stack { close(fd) } ; stack.removeAll() }

        while !pending.isEmpty {
            let name = pending.removeFirst()
            if name == ".." {
                if let last = stack.popLast() { close(last) }
                continue
            }
            let opened = RootfsSyscall.openat(current(), name, flags: RootfsSyscall.openPath | O_NOFOLLOW)
            guard opened.fd >= 0 else {
                release()
                return (-1, opened.errno)
            }
            let type = RootfsSyscall.fileType(opened.fd)
            if type.mode == S_IFLNK {
                symlinks += 1
                let target = RootfsPathResolver.readLink(opened.fd)
                close(opened.fd)
                guard symlinks <= RootfsPathResolver.maximumSymlinks, let target else {
                    release()
                    return (-1, ELOOP)
                }
                if target.hasPrefix("/") { release() }
                pending = target.split(separator: "/", omittingEmptySubsequences: true)
                    .map(String.init).filter { $0 != "." } + pending
                continue
            }
            if !pending.isEmpty && type.mode != S_IFDIR {
                close(opened.fd)
                release()
                return (-1, ENOTDIR)
            }
            stack.append(opened.fd)
        }
        guard let last = stack.popLast() else {
            return RootfsSyscall.openat(rootFD, ".", flags: RootfsSyscall.openPath)
        }
        release()
        return (last, 0)
    }

    static func readLink(_ fd: Int32) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = buffer.withUnsafeMutableBufferPointer { pointer -> Int in
            guard let base = pointer.baseAddress else { return -1 }
            return readlinkat(fd, "", base, pointer.count - 1)
        }
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    enum Kind {
        case directory
        case file
    }

    /// Opens `path` inside the root, creating it (and missing parents, as 0755 directories) when absent.
    /// A dangling symlink is followed to create its target, still inside the root.
    func ensure(_ path: String, kind: Kind, depth: Int = 0) throws(RootfsError) -> Int32 {
        let existing = resolve(path)
        if existing.fd >= 0 { return existing.fd }
        guard existing.errno == ENOENT else {
            throw RootfsError.pathFailed(operation: "resolve in rootfs", path: path, errno: existing.errno)
        }
        guard depth < RootfsPathResolver.maximumSymlinks else {
            throw RootfsError.pathFailed(operation: "resolve in rootfs", path: path, errno: ELOOP)
        }
        var parts = RootfsPathResolver.components(path)
        guard let name = parts.popLast() else {
            throw RootfsError.pathFailed(operation: "resolve in rootfs", path: path, errno: ENOENT)
        }
        let parentPath = RootfsPathResolver.join(parts)
        let parent = try ensure(parentPath, kind: .directory, depth: depth)
        defer { close(parent) }

        let created: Int32
        switch kind {
        case .directory:
            created = RootfsSyscall.retrying { mkdirat(parent, name, 0o755) }
        case .file:
            let opened = RootfsSyscall.openat(parent, name, flags: O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW, mode: 0o644)
            if opened.fd >= 0 { close(opened.fd) }
            created = opened.errno
        }
        if created == EEXIST {
            // Only a dangling symlink makes resolve() say ENOENT while the name exists: create its target.
            let link = RootfsSyscall.openat(parent, name, flags: RootfsSyscall.openPath | O_NOFOLLOW)
            guard link.fd >= 0 else { throw RootfsError.pathFailed(operation: "create", path: path, errno: link.errno) }
            let target = RootfsPathResolver.readLink(link.fd)
            close(link.fd)
            guard let target else { throw RootfsError.pathFailed(operation: "create", path: path, errno: EEXIST) }
            let targetPath = target.hasPrefix("/") ? target : parentPath + "/" + target
            return try ensure(targetPath, kind: kind, depth: depth + 1)
        }
        guard created == 0 else {
            throw RootfsError.pathFailed(operation: kind == .directory ? "mkdir" : "create", path: path, errno: created)
        }
        let opened = resolve(path)
        guard opened.fd >= 0 else { throw RootfsError.pathFailed(operation: "open", path: path, errno: opened.errno) }
        return opened.fd
    }

    /// The parent directory of `path` (created if needed) and the final name, for *at() calls.
    func parentAndName(_ path: String) throws(RootfsError) -> (parent: Int32, name: String) {
        var parts = RootfsPathResolver.components(path)
        guard let name = parts.popLast() else {
            throw RootfsError.pathFailed(operation: "resolve in rootfs", path: path, errno: EINVAL)
        }
        return (try ensure(RootfsPathResolver.join(parts), kind: .directory), name)
    }
}
