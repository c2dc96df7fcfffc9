import ArgumentParser
import VesselContainers
#if canImport(Glibc)
import Glibc
#endif

struct ExecCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "exec", abstract: "Run a command in a running container.")

    @OptionGroup var store: StoreOptions

    @Flag(name: .shortAndLong, help: "Allocate a pseudo-terminal (not supported yet).")
    var tty = false

    @Flag(name: .shortAndLong, help: "Keep stdin open.")
    var interactive = false

    @Option(name: [.customShort("e"), .customLong("env")], help: "Set an environment variable.")
    var environment: [String] = []

    @Option(name: [.customShort("w"), .customLong("workdir")], help: "Working directory.")
    var workdir: String?

    @Argument(help: "Container name or ID.")
    var container: String

    @Argument(parsing: .captureForPassthrough, help: "Command and arguments.")
    var command: [String] = []

    func run() throws {
        guard !tty else { throw CommandFailure(message: "-t is not supported by `vessel exec` yet; run without -t", code: .invalidInput) }
        guard !command.isEmpty else { throw CommandFailure(message: "exec needs a command", code: .invalidInput) }
        let engine = try store.engine()
        let code = try failingCleanly(otherCode: ExitCode(126)) {
            let record = engine.refreshed(try engine.containers.lookup(container))
            guard record.state == .running else { throw ContainerError(.conflict, "container \(record.name) is not running") }
            var arguments = ["exec"]
            for variable in environment { arguments += ["--env", variable] }
            if let workdir { arguments += ["--cwd", workdir] }
            arguments += [record.id] + command
            let null = open("/dev/null", O_RDONLY | O_CLOEXEC)
            defer { close(null) }
            let pid = try ChildProcess.spawn(engine.runtime.command(arguments), streams: .init(input: interactive ? nil : null))
            return ChildProcess.wait(pid)
        }
        try exitWith(code)
    }
}
