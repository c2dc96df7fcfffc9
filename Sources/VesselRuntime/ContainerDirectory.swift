internal import CVesselSys
import Glibc
import VesselOCISpec

/// A container's state directory, held under an exclusive flock on the directory itself for as long as this
/// value lives (released by `close()`). Using the directory as the lock leaves no lock file behind on delete.
public final class ContainerDirectory {
    public let id: String
    public let path: String
    private var lockFD: Int32

    static let stateFileName = "state.json"
    static let execFIFOName = "exec.fifo"

    init(id: String, path: String, lockFD: Int32) {
        self.id = id
        self.path = path
        self.lockFD = lockFD
    }

    deinit { close() }

    public var execFIFOPath: String { path + "/" + Self.execFIFOName }
    var stateFilePath: String { path + "/" + Self.stateFileName }

    public func close() {
        if lockFD >= 0 {
            SystemCall.closeIgnoringErrors(lockFD)
            lockFD = -1
        }
    }

    public func hasStateFile() -> Bool { SystemCall.fileExists(stateFilePath) }

    public func load() throws -> ContainerRecord {
        let bytes: [UInt8]
        do {
            bytes = try SystemCall.readFile(stateFilePath)
        } catch {
            throw RuntimeError.containerDoesNotExist(id: id)
        }
        do {
            return try SpecJSON.decode(ContainerRecord.self, from: bytes, name: Self.stateFileName)
        } catch {
            throw RuntimeError.corruptState(id: id, reason: "\(error)")
        }
    }

    /// Temp file + rename, so a reader never sees a half-written state. No fsync, as runc: the state lives in
    /// a tmpfs under /run and describes processes that do not survive a crash of the machine anyway.
    public func save(_ record: ContainerRecord) throws {
        let data = try SpecJSON.encodeCompact(record)
        let temporary = path + "/.state.json.tmp"
        let fd = try SystemCall.check("open", temporary) {
            vessel_open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        }
        do {
            try SystemCall.writeAll(fd, data, name: "write \(temporary)")
        } catch {
            SystemCall.closeIgnoringErrors(fd)
            _ = unlink(temporary)
            throw error
        }
        SystemCall.closeIgnoringErrors(fd)
        try SystemCall.check("rename", temporary) { rename(temporary, stateFilePath) }
    }

    /// Removes every file in the directory and the directory itself; keeps the lock until `close()`.
    public func remove() throws {
        if let entries = SystemCall.directoryEntries(path) {
            for entry in entries { _ = unlink(path + "/" + entry) }
        }
        try SystemCall.check("rmdir", path) { rmdir(path) }
    }
}
