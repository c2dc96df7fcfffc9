import Foundation
import VesselImages

/// Writes a container's OCI bundle config: the runtime's default spec, then the image config's defaults
/// (Entrypoint, Cmd, Env, WorkingDir, User), then the `vessel run` flags on top.
struct BundleWriter {
    let runtime: RuntimeClient
    let paths: ContainerPaths
    let image: ImageConfiguration
    let options: RunOptions
    let id: String

    static let defaultPath = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    /// The process arguments: entrypoint (flag or image) followed by the command (arguments or image Cmd).
    static func arguments(image: ImageConfiguration, options: RunOptions) throws -> [String] {
        let defaults = image.config
        let entrypoint = options.entrypoint ?? defaults?.entrypoint ?? []
        let command = options.command.isEmpty ? (options.entrypoint == nil ? defaults?.cmd ?? [] : []) : options.command
        let arguments = entrypoint + command
        guard !arguments.isEmpty else { throw ContainerError(.invalidInput, "no command: the image has no Entrypoint or Cmd, give one after the image") }
        return arguments
    }

    static func environment(image: ImageConfiguration, options: RunOptions) throws -> [String] {
        var keys: [String] = []
        var values: [String: String] = [:]
        func set(_ entry: String) {
            let key = String(entry.prefix { $0 != "=" })
            if values[key] == nil { keys.append(key) }
            values[key] = entry
        }
        set(defaultPath)
        for entry in image.config?.env ?? [] { set(entry) }
        if options.terminal { set("TERM=xterm") }
        for entry in options.environment {
            guard let first = entry.first, first != "=" else { throw ContainerError(.invalidInput, "malformed environment variable \"\(entry)\"") }
            if entry.contains("=") {
                set(entry)
            } else if let value = ProcessInfo.processInfo.environment[entry] {
                set(entry + "=" + value)
            }
        }
        return keys.compactMap { values[$0] }
    }

    func write() throws {
        try runtime.writeDefaultSpec(bundle: paths.bundle)
        guard let data = FileManager.default.contents(atPath: paths.config),
              var spec = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ContainerError(.system, "vessel-runtime spec wrote an unreadable config.json")
        }
        var process = spec["process"] as? [String: Any] ?? [:]
        process["terminal"] = options.terminal
        process["args"] = try Self.arguments(image: image, options: options)
        process["env"] = try Self.environment(image: image, options: options)
        let workingDirectory = options.workingDirectory ?? image.config?.workingDir.flatMap { $0.isEmpty ? nil : $0 } ?? "/"
        guard workingDirectory.hasPrefix("/") else { throw ContainerError(.invalidInput, "working directory must be absolute: \(workingDirectory)") }
        try RootfsFiles.makeDirectories(workingDirectory, in: paths.rootfs)
        process["cwd"] = workingDirectory
        if let user = options.user ?? image.config?.user.flatMap({ $0.isEmpty ? nil : $0 }) {
            let resolved = try UserSpecification(user, rootfs: paths.rootfs)
            process["user"] = ["uid": resolved.uid, "gid": resolved.gid]
        } else {
            process["user"] = ["uid": 0, "gid": 0]
        }
        spec["process"] = process
        spec["root"] = ["path": paths.rootfs, "readonly": false]
        spec["hostname"] = options.hostname ?? String(id.prefix(12))

        var mounts = spec["mounts"] as? [[String: Any]] ?? []
        for volume in options.volumes {
            mounts.append(["destination": volume.destination, "type": "bind", "source": volume.source,
                           "options": ["rbind", volume.readOnly ? "ro" : "rw"]])
        }
        spec["mounts"] = mounts

        var linux = spec["linux"] as? [String: Any] ?? [:]
        if options.network == .host {
            let namespaces = linux["namespaces"] as? [[String: Any]] ?? []
            linux["namespaces"] = namespaces.filter { ($0["type"] as? String) != "network" }
        }
        var resources = linux["resources"] as? [String: Any] ?? [:]
        if let memory = options.memoryBytes { resources["memory"] = ["limit": memory] }
        if let cpus = options.cpus {
            let period = 100_000
            resources["cpu"] = ["quota": Int(cpus * Double(period)), "period": period]
        }
        if let pids = options.pidsLimit { resources["pids"] = ["limit": pids] }
        linux["resources"] = resources
        linux["cgroupsPath"] = "/vessel/\(id)"
        spec["linux"] = linux

        let output = try JSONSerialization.data(withJSONObject: spec, options: [.prettyPrinted, .sortedKeys])
        do {
            try AtomicFile.write(output, to: paths.config)
        } catch {
            throw ContainerError(.system, "cannot write \(paths.config): \(error)")
        }
    }
}
