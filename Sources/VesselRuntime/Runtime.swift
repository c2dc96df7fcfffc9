internal import CVesselSys
import Glibc
import VesselOCISpec

/// runc's lifecycle commands over a state root. Each method is one CLI command.
public struct Runtime {
    public let store: StateStore
    public let log: RuntimeLog

    public init(root: String, log: RuntimeLog) {
        self.store = StateStore(root: root)
        self.log = log
    }

    public struct CreateOptions: Sendable {
        public var bundle: String
        public var pidFile: String?
        public var consoleSocket: String?
        public var noPivot: Bool
        public var preserveFDs: Int32

        public init(bundle: String, pidFile: String? = nil, consoleSocket: String? = nil, noPivot: Bool = false, preserveFDs: Int32 = 0) {
            self.bundle = bundle
            self.pidFile = pidFile
            self.consoleSocket = consoleSocket
            self.noPivot = noPivot
            self.preserveFDs = preserveFDs
        }
    }

    static func absolutePath(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let cwd = getcwd(&buffer, buffer.count) != nil ? stringFromCBuffer(buffer) : "/"
        return path == "." ? cwd : (cwd == "/" ? "" : cwd) + "/" + path
    }

    /// The bundle's validated spec and the config.json bytes it came from (the init decodes those again).
    static func loadSpec(bundle: String) throws -> (spec: Spec, document: [UInt8]) {
        let spec: Spec
        let document: [UInt8]
        do {
            document = try Spec.readDocument(bundle: bundle)
            spec = try Spec.decode(document, name: "config.json")
            try spec.validate()
        } catch {
            throw RuntimeError.invalidSpec(error.description)
        }
        guard spec.process != nil else { throw RuntimeError.invalidSpec("config.json: process is required") }
        return (spec, document)
    }

    /// Writes `text` to `path` via a temp file and rename, as containerd expects for --pid-file.
    static func writeAtomically(_ path: String, _ text: String) throws {
        let absolute = absolutePath(path)
        let temporary = absolute + ".vessel-tmp"
        try SystemCall.writeFile(temporary, text, flags: O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode: 0o644)
        try SystemCall.check("rename", absolute) { rename(temporary, absolute) }
    }

    public func state(id: String) throws -> State {
        let directory = try store.open(id: id)
        defer { directory.close() }
        let record = try directory.load()
        return record.ociState(status: record.currentStatus(directory: directory))
    }

    public func list() -> [State] {
        store.containerIDs().compactMap { try? state(id: $0) }
    }
}
