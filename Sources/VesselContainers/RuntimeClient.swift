import Foundation
import VesselImages
#if canImport(Glibc)
import Glibc
#endif

/// Drives the `vessel-runtime` binary (runc's command-line contract) as a subprocess, with its own state root.
public struct RuntimeClient: Sendable {
    public let binary: String
    public let root: String

    public init(binary: String, root: String) {
        self.binary = binary
        self.root = root
    }

    /// `VESSEL_RUNTIME` if set, else `vessel-runtime` next to the running executable.
    public static func locate(root: String) throws -> RuntimeClient {
        var candidate = getenv("VESSEL_RUNTIME").map { String(cString: $0) } ?? ""
        if candidate.isEmpty {
            let executable = ChildProcess.currentExecutable()
            let directory = executable.lastIndex(of: "/").map { String(executable[..<$0]) } ?? "."
            candidate = directory + "/vessel-runtime"
        }
        guard access(candidate, X_OK) == 0 else {
            throw ContainerError(.system, "cannot find vessel-runtime at \(candidate) (build it, or set VESSEL_RUNTIME)")
        }
        return RuntimeClient(binary: candidate, root: root)
    }

    public func command(_ arguments: [String]) -> [String] { [binary, "--root", root] + arguments }

    /// Writes the runtime's default config.json into `bundle`. The output of `vessel-runtime spec` is kept next to
    /// the runtime's state, keyed by the binary's size and mtime, so a warm `vessel run` starts one process fewer.
    func writeDefaultSpec(bundle: String) throws {
        var status = stat()
        let key = stat(binary, &status) == 0 ? "\(status.st_size)-\(status.st_mtim.tv_sec)-\(status.st_mtim.tv_nsec)" : nil
        let cache = key.map { root + "/.default-spec-\($0).json" }
        if let cache, let data = FileManager.default.contents(atPath: cache) {
            try AtomicFile.write(data, to: bundle + "/config.json")
            return
        }
        let result = try ChildProcess.run(command(["spec", "--bundle", bundle]))
        guard result.code == 0 else { throw ContainerError(.system, "vessel-runtime spec failed: \(Self.lastLine(result.error))") }
        if let cache, let data = FileManager.default.contents(atPath: bundle + "/config.json") {
            try? AtomicFile.write(data, to: cache)
        }
    }

    /// The runtime's status word for a container (`created`, `running`, `stopped`, ...), nil if it has none.
    public func status(id: String) -> String? {
        guard let result = try? ChildProcess.run(command(["state", id])), result.code == 0 else { return nil }
        guard let range = result.output.range(of: "\"status\"") else { return nil }
        let rest = result.output[range.upperBound...].drop { $0 == ":" || $0 == " " || $0 == "\"" }
        return String(rest.prefix { $0 != "\"" })
    }

    public func kill(id: String, signal: String) -> Bool {
        (try? ChildProcess.run(command(["kill", id, signal])).code) == 0
    }

    /// Deletes the runtime's record of a container; skipped when the runtime has none (its `run` deletes its own).
    public func delete(id: String) {
        guard access(root + "/" + id, F_OK) == 0 else { return }
        _ = try? ChildProcess.run(command(["delete", "--force", id]))
    }

    static func lastLine(_ text: String) -> String {
        text.split(separator: "\n").last.map(String.init) ?? "no message"
    }
}
