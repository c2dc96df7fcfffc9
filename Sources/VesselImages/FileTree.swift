import CVesselSys
#if canImport(Glibc)
import Glibc
#endif

/// Removes directory trees without following symlinks (they may point anywhere, including the host).
public enum FileTree {
    /// Removes `path` and everything under it; a missing path is not an error.
    public static func remove(path: String) throws {
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        guard let slash = trimmed.lastIndex(of: "/") else {
            try remove(trimmed, in: AT_FDCWD)
            return
        }
        let parentPath = slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
        let parent = open(parentPath, OpenFlags.path | O_DIRECTORY | O_CLOEXEC)
        if parent < 0 {
            if errno == ENOENT { return }
            throw ImageError.system("cannot open \(parentPath)", errno: errno)
        }
        defer { close(parent) }
        try remove(String(trimmed[trimmed.index(after: slash)...]), in: parent)
    }

    /// Removes `name` in the directory `parent`, recursing into directories by descriptor.
    static func remove(_ name: String, in parent: Int32) throws {
        try remove(cName: Array(name.utf8CString), in: parent)
    }

    private static func remove(cName: [CChar], in parent: Int32) throws {
        let display = String(decoding: cName.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if unlinkat(parent, cName, 0) == 0 || errno == ENOENT { return }
        guard errno == EISDIR else { throw ImageError.system("cannot remove \(display)", errno: errno) }
        let fd = vessel_openat(parent, cName, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0)
        guard fd >= 0 else { throw ImageError.system("cannot open \(display)", errno: errno) }
        guard let directory = fdopendir(fd) else {
            close(fd)
            throw ImageError.system("cannot list \(display)", errno: errno)
        }
        defer { closedir(directory) }
        var children: [[CChar]] = []
        while let entry = readdir(directory) {
            let child = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                raw.prefix { $0 != 0 }.map { CChar(bitPattern: $0) } + [0]
            }
            if child != [46, 0] && child != [46, 46, 0] { children.append(child) }
        }
        for child in children { try remove(cName: child, in: dirfd(directory)) }
        guard unlinkat(parent, cName, AT_REMOVEDIR) == 0 || errno == ENOENT else {
            throw ImageError.system("cannot remove directory \(display)", errno: errno)
        }
    }
}
