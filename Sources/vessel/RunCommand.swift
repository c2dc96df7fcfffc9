import ArgumentParser
import Foundation
import VesselContainers
import VesselImages
#if canImport(Glibc)
import Glibc
#endif

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a command in a new container from an image.",
        discussion: """
            Exits with the container's exit code. Vessel's own failures (no such image, bad flags) exit 125, \
            as docker's do. Options go before the image; everything after it is the command.
            """
    )

    @OptionGroup var store: StoreOptions

    @Flag(help: "Remove the container when it exits.")
    var rm = false

    @Flag(name: .shortAndLong, help: "Run in the background under a monitor process; print the container ID.")
    var detach = false

    @Option(help: "Container name.")
    var name: String?

    @Option(name: [.customShort("e"), .customLong("env")], help: "Set an environment variable (KEY=VALUE, or KEY to copy it).")
    var environment: [String] = []

    @Option(name: [.customShort("v"), .customLong("volume")], help: "Bind mount a host path: HOST:CONTAINER[:ro].")
    var volumes: [String] = []

    @Option(name: [.customShort("w"), .customLong("workdir")], help: "Working directory inside the container.")
    var workdir: String?

    @Option(name: .shortAndLong, help: "User: uid, uid:gid, name or name:group.")
    var user: String?

    @Option(help: "Entrypoint, replacing the image's.")
    var entrypoint: String?

    @Option(help: "Memory limit (e.g. 64m, 1g).")
    var memory: String?

    @Option(help: "CPU limit, in CPUs (e.g. 0.5).")
    var cpus: Double?

    @Option(help: "Maximum number of processes.")
    var pidsLimit: Int64?

    @Option(help: "Container hostname (default: the first 12 characters of its ID).")
    var hostname: String?

    @Option(help: "Network: none (own namespace, loopback only) or host.")
    var network: String = "none"

    @Flag(name: .shortAndLong, help: "Allocate a pseudo-terminal.")
    var tty = false

    @Flag(name: .shortAndLong, help: "Keep stdin open.")
    var interactive = false

    @Option(help: "Pull the image first: missing (when it is not in the store), always, or never.")
    var pull: String = "missing"

    @OptionGroup(title: "Pulling") var registry: RegistryOptions

    @Argument(help: "Image name or ID.")
    var image: String

    @Argument(parsing: .captureForPassthrough, help: "Command and arguments (default: the image's Entrypoint and Cmd).")
    var command: [String] = []

    func options() throws -> RunOptions {
        var options = RunOptions()
        options.name = name
        options.command = command
        options.entrypoint = entrypoint.map { $0.isEmpty ? [] : [$0] }
        options.environment = environment
        options.volumes = try volumes.map { try VolumeMount(parsing: $0) }
        options.workingDirectory = workdir
        options.user = user
        options.memoryBytes = try memory.map { try RunOptions.parseSize($0) }
        if let cpus {
            guard cpus > 0, cpus <= 1024 else { throw ContainerError(.invalidInput, "--cpus must be between 0 and 1024") }
            options.cpus = cpus
        }
        if let pidsLimit {
            guard pidsLimit > 0 else { throw ContainerError(.invalidInput, "--pids-limit must be positive") }
            options.pidsLimit = pidsLimit
        }
        options.hostname = hostname
        guard let mode = NetworkMode(rawValue: network) else { throw ContainerError(.invalidInput, "unknown network \"\(network)\" (none or host)") }
        options.network = mode
        options.terminal = tty
        options.interactive = interactive
        options.detach = detach
        options.autoRemove = rm
        return options
    }

    /// As docker does: an image that is not in the store is pulled (`--pull missing`), reporting on stderr.
    private func pullIfWanted() throws {
        guard ["missing", "always", "never"].contains(pull) else {
            throw ContainerError(.invalidInput, "unknown --pull policy \"\(pull)\" (missing, always or never)")
        }
        guard pull != "never" else { return }
        let images = try ImageStore(root: store.resolvedRoot)
        if pull == "missing" {
            do {
                _ = try images.lookup(image)
                return
            } catch let error as ImageError where error.code == .notFound {
                FileHandle.standardError.write(Data("Unable to find image '\(image)' locally\n".utf8))
            }
        }
        let reference = try ImageReference(parsing: image)
        let progress = ProgressPrinter(to: .standardError)
        let record = try registry.puller(into: images, platform: .linuxAMD64, progress: progress.handle).pull(reference)
        FileHandle.standardError.write(Data("Pulled: \(record.name) (\(record.id.shortHex))\n".utf8))
    }

    func run() throws {
        guard geteuid() == 0 else { throw CommandFailure(message: "vessel run needs root (overlay mounts, namespaces, cgroups)", code: ExitCode(125)) }
        let runOptions = try failingCleanly(everyCode: ExitCode(125)) { try options() }
        try failingCleanly(everyCode: ExitCode(125)) { try pullIfWanted() }
        let engine = try failingCleanly(everyCode: ExitCode(125)) { try store.engine() }
        let record = try failingCleanly(everyCode: ExitCode(125)) { try engine.create(image: image, options: runOptions) }
        if detach {
            let monitor = [ChildProcess.currentExecutable(), "container-monitor", "--root", store.resolvedRoot, record.id]
            try failingCleanly(everyCode: ExitCode(125)) {
                do {
                    try engine.startDetached(record, monitorCommand: monitor)
                } catch {
                    try? engine.remove(record, force: true)
                    throw error
                }
            }
            print(record.id)
            return
        }
        let code = try failingCleanly(everyCode: ExitCode(125)) { try engine.runForeground(record, interactive: interactive, terminal: tty) }
        try exitWith(code)
    }
}
