import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A busybox bundle whose config.json is the runtime's own `spec` output, running `/bin/true` without a terminal.
struct RuntimeCycleBundle {
    let path: String

    static let busybox = "/bin/busybox"

    /// `specRuntime` writes config.json (then edited to run /bin/true without a terminal).
    init(directory: String, specRuntime runtime: String) throws {
        path = directory
        let fileManager = FileManager.default
        for name in ["bin", "proc", "dev", "sys", "tmp"] {
            try fileManager.createDirectory(atPath: directory + "/rootfs/" + name, withIntermediateDirectories: true)
        }
        try fileManager.copyItem(atPath: Self.busybox, toPath: directory + "/rootfs/bin/busybox")
        try fileManager.createSymbolicLink(atPath: directory + "/rootfs/bin/true", withDestinationPath: "busybox")
        let spec = try ChildMeasurement.run([runtime, "spec", "--bundle", directory], stderrPath: directory + "/spec.err")
        guard spec.exitStatus == 0 else {
            throw BenchError("\(runtime) spec failed: \(Self.firstLine(of: directory + "/spec.err"))")
        }
        let configPath = directory + "/config.json"
        let data = try Data(contentsOf: URL(fileURLWithPath: configPath))
        guard var config = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              var process = config["process"] as? [String: Any] else {
            throw BenchError("\(runtime) spec wrote a config.json without a process object")
        }
        process["args"] = ["/bin/true"]
        process["terminal"] = false
        config["process"] = process
        try JSONSerialization.data(withJSONObject: config, options: [.prettyPrinted, .sortedKeys])
            .write(to: URL(fileURLWithPath: configPath))
    }

    var config: [String: Any] {
        let data = (try? Data(contentsOf: URL(fileURLWithPath: path + "/config.json"))) ?? Data()
        return ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any]) ?? [:]
    }

    static func firstLine(of path: String) -> String {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").first.map(String.init) ?? "(no output)"
    }
}
