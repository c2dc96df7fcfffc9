import ArgumentParser
import VesselContainers
#if canImport(Glibc)
import Glibc
#endif

struct ExecCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "exec", abstract: "Run a command in a running container.")

    @OptionGroup var store: StoreOptions

    @Flag(name: .shortAndLong, help: "Allocate a pseudo-terminal.")
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
        guard !command.isEmpty else { throw CommandFailure(message: "exec needs a command", code: .invalidInput) }
        let engine = try store.engine()
        let code = try failingCleanly(otherCode: ExitCode(126)) {
            let record = engine.refreshed(try engine.containers.lookup(container))
            guard record.state == .running else { throw ContainerError(.conflict, "container \(record.name) is not running") }
            var arguments: [String] = []
            for variable in environment { arguments += ["--env", variable] }
            if let workdir { arguments += ["--cwd", workdir] }
            arguments += [record.id] + command
            return try engine.exec(arguments, interactive: interactive, terminal: tty)
        }
        try exitWith(code)
    }
}
