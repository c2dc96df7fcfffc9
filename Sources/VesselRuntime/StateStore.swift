internal import CVesselSys
import Glibc

/// The `--root` directory: one subdirectory per container ID.
public struct StateStore: Sendable {
    public let root: String

    public init(root: String) {
        self.root = root
    }

    /// runc's rule: letters, digits and `_ + - .`, not `.` or `..`; this also rules out '/' and the empty ID.
    public static func validate(id: String) throws {
        if id.isEmpty { throw RuntimeError.invalidContainerID(id: id, reason: "must not be empty") }
        if id == "." || id == ".." { throw RuntimeError.invalidContainerID(id: id, reason: "must not be . or ..") }
        if id.utf8.count > 1024 { throw RuntimeError.invalidContainerID(id: id, reason: "too long") }
        for scalar in id.unicodeScalars {
            let allowed = (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
                || (scalar >= "0" && scalar <= "9") || scalar == "_" || scalar == "+" || scalar == "-" || scalar == "."
            if !allowed {
                throw RuntimeError.invalidContainerID(id: id, reason: "contains \"\(scalar)\"; allowed are letters, digits and _+-.")
            }
        }
    }

    func ensureRoot() throws {
        var current = ""
        for component in root.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o711) != 0 && errno != EEXIST {
                throw SystemCall.errnoError("mkdir", current)
            }
        }
    }

    /// Creates the directory for a new container; fails if the ID is already taken.
    public func create(id: String) throws -> ContainerDirectory {
        try Self.validate(id: id)
        try ensureRoot()
        let path = root + "/" + id
        if mkdir(path, 0o711) != 0 {
            if errno == EEXIST { throw RuntimeError.containerAlreadyExists(id: id) }
            throw SystemCall.errnoError("mkdir", path)
        }
        do {
            return try lock(id: id, path: path)
        } catch {
            _ = rmdir(path)
            throw error
        }
    }

    /// Opens and locks an existing container's directory.
    public func open(id: String) throws -> ContainerDirectory {
        try Self.validate(id: id)
        let directory = try lock(id: id, path: root + "/" + id)
        // A concurrent delete may have removed it while we waited for the lock.
        guard directory.hasStateFile() else {
            directory.close()
            throw RuntimeError.containerDoesNotExist(id: id)
        }
        return directory
    }

    private func lock(id: String, path: String) throws -> ContainerDirectory {
        let fd = vessel_open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0)
        if fd < 0 {
            if errno == ENOENT { throw RuntimeError.containerDoesNotExist(id: id) }
            throw SystemCall.errnoError("open", path)
        }
        do {
            try SystemCall.check("flock", path) { flock(fd, LOCK_EX) }
        } catch {
            SystemCall.closeIgnoringErrors(fd)
            throw error
        }
        return ContainerDirectory(id: id, path: path, lockFD: fd)
    }

    public func containerIDs() -> [String] {
        guard let entries = SystemCall.directoryEntries(root) else { return [] }
        return entries.filter { SystemCall.fileExists(root + "/" + $0 + "/" + ContainerDirectory.stateFileName) }.sorted()
    }
}
