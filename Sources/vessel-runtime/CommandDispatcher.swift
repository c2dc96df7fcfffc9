import Glibc
import VesselOCISpec
import VesselRuntime

/// Runs one runc-style command and returns the process exit code.
struct CommandDispatcher {
    let options: GlobalOptions
    let runtime: Runtime
    static let version = "0.1.0"

    func dispatch(_ command: String, _ arguments: ArraySlice<String>) throws -> Int32 {
        switch command {
        case "create":
            let parsed = try ParsedArguments(arguments, valueFlags: Self.createValueFlags, boolFlags: Self.createBoolFlags)
            let id = try singleID(parsed, command)
            try runtime.create(id: id, options: try createOptions(parsed))
            return 0
        case "run":
            var valueFlags = Self.createValueFlags
            valueFlags["keep"] = "keep"
            var boolFlags = Self.createBoolFlags
            boolFlags["detach"] = "detach"
            boolFlags["d"] = "detach"
            boolFlags["keep"] = "keep"
            let parsed = try ParsedArguments(arguments, valueFlags: Self.createValueFlags, boolFlags: boolFlags)
            let id = try singleID(parsed, command)
            return try runtime.run(id: id, options: try createOptions(parsed), detach: parsed.has("detach"))
        case "start":
            let parsed = try ParsedArguments(arguments, valueFlags: [:], boolFlags: [:])
            try runtime.start(id: try singleID(parsed, command))
            return 0
        case "state":
            let parsed = try ParsedArguments(arguments, valueFlags: [:], boolFlags: [:])
            let state = try runtime.state(id: try singleID(parsed, command))
            try printJSON(state, pretty: true)
            return 0
        case "kill":
            let parsed = try ParsedArguments(arguments, valueFlags: [:], boolFlags: ["all": "all", "a": "all"])
            guard parsed.positional.count == 1 || parsed.positional.count == 2 else {
                throw UsageError("kill: expected ID [SIGNAL]")
            }
            let signal = try SignalName.parse(parsed.positional.count == 2 ? parsed.positional[1] : "TERM")
            try runtime.kill(id: parsed.positional[0], signal: signal, all: parsed.has("all"))
            return 0
        case "delete", "rm":
            let parsed = try ParsedArguments(arguments, valueFlags: [:], boolFlags: ["force": "force", "f": "force"])
            try runtime.delete(id: try singleID(parsed, command), force: parsed.has("force"))
            return 0
        case "exec":
            return try exec(arguments)
        case "ps":
            let parsed = try ParsedArguments(arguments, valueFlags: ["format": "format", "f": "format"], boolFlags: [:])
            guard let id = parsed.positional.first else { throw UsageError("ps: expected ID") }
            let pids = try runtime.processes(id: id)
            if parsed.value("format") == "json" {
                try printJSON(pids, pretty: false)
            } else {
                print("PID\tCMD")
                for pid in pids {
                    let command = StandardOutput.commandLine(pid: pid)
                    print("\(pid)\t\(command)")
                }
            }
            return 0
        case "list", "ls":
            let parsed = try ParsedArguments(arguments, valueFlags: ["format": "format", "f": "format"],
                                             boolFlags: ["quiet": "quiet", "q": "quiet"])
            let states = runtime.list()
            if parsed.has("quiet") {
                states.forEach { print($0.id) }
            } else if parsed.value("format") == "json" {
                try printJSON(states, pretty: false)
            } else {
                print("ID\tPID\tSTATUS\tBUNDLE\tCREATED\tOWNER")
                for state in states {
                    print("\(state.id)\t\(state.pid)\t\(state.status.rawValue)\t\(state.bundle)\t\(state.created ?? "")\t\(state.owner ?? "")")
                }
            }
            return 0
        case "pause":
            let parsed = try ParsedArguments(arguments, valueFlags: [:], boolFlags: [:])
            try runtime.pause(id: try singleID(parsed, command))
            return 0
        case "resume":
            let parsed = try ParsedArguments(arguments, valueFlags: [:], boolFlags: [:])
            try runtime.resume(id: try singleID(parsed, command))
            return 0
        case "spec":
            let parsed = try ParsedArguments(arguments, valueFlags: ["bundle": "bundle", "b": "bundle"], boolFlags: ["rootless": "rootless"])
            let bundle = parsed.value("bundle") ?? "."
            let path = (bundle.hasSuffix("/") ? bundle : bundle + "/") + "config.json"
            let bytes = try Spec.defaultSpec().encodedPretty()
            try StandardOutput.createFile(path, bytes)
            return 0
        case "features":
            _ = try ParsedArguments(arguments, valueFlags: [:], boolFlags: [:])
            let bytes = try SpecJSON.encodePretty(Features.vessel(version: Self.version))
            StandardOutput.write(bytes + [10])
            return 0
        case "version":
            print("vessel-runtime version \(Self.version)\nspec: \(Spec.currentVersion)")
            return 0
        case "help":
            print(Self.usage)
            return 0
        default:
            throw UsageError("unknown command \"\(command)\"; run vessel-runtime help")
        }
    }

    static let createValueFlags = ["bundle": "bundle", "b": "bundle", "pid-file": "pid-file", "console-socket": "console-socket",
                                   "preserve-fds": "preserve-fds"]
    static let createBoolFlags = ["no-pivot": "no-pivot", "no-new-keyring": "no-new-keyring"]

    private func singleID(_ parsed: ParsedArguments, _ command: String) throws -> String {
        guard parsed.positional.count == 1 else {
            throw UsageError("\(command): expected exactly one container ID, got \(parsed.positional.count) arguments")
        }
        return parsed.positional[0]
    }

    private func createOptions(_ parsed: ParsedArguments) throws -> Runtime.CreateOptions {
        var preserve: Int32 = 0
        if let text = parsed.value("preserve-fds") {
            guard let value = Int32(text), value >= 0 else { throw UsageError("--preserve-fds must be a number, got \"\(text)\"") }
            preserve = value
        }
        return Runtime.CreateOptions(bundle: parsed.value("bundle") ?? ".", pidFile: parsed.value("pid-file"),
                                     consoleSocket: parsed.value("console-socket"), noPivot: parsed.has("no-pivot"),
                                     preserveFDs: preserve)
    }

    private func exec(_ arguments: ArraySlice<String>) throws -> Int32 {
        let valueFlags = ["process": "process", "p": "process", "pid-file": "pid-file", "console-socket": "console-socket",
                          "env": "env", "e": "env", "cwd": "cwd", "user": "user", "u": "user", "preserve-fds": "preserve-fds",
                          "cap": "cap", "c": "cap", "apparmor": "apparmor", "process-label": "process-label",
                          "additional-gids": "additional-gids", "g": "additional-gids", "cgroup": "cgroup"]
        let boolFlags = ["detach": "detach", "d": "detach", "tty": "tty", "t": "tty", "no-new-privs": "no-new-privs",
                         "ignore-paused": "ignore-paused"]
        let parsed = try ParsedArguments(arguments, valueFlags: valueFlags, boolFlags: boolFlags)
        guard let id = parsed.positional.first else { throw UsageError("exec: expected a container ID") }
        var preserve: Int32 = 0
        if let text = parsed.value("preserve-fds") {
            guard let value = Int32(text), value >= 0 else { throw UsageError("--preserve-fds must be a number, got \"\(text)\"") }
            preserve = value
        }
        let options = Runtime.ExecOptions(
            processFile: parsed.value("process"), arguments: Array(parsed.positional.dropFirst()), detach: parsed.has("detach"),
            pidFile: parsed.value("pid-file"), consoleSocket: parsed.value("console-socket"), tty: parsed.has("tty"),
            env: parsed.values["env"] ?? [], cwd: parsed.value("cwd"), user: parsed.value("user"), preserveFDs: preserve,
            noNewPrivileges: parsed.has("no-new-privs"), extraCapabilities: parsed.values["cap"] ?? [])
        return try runtime.exec(id: id, options: options)
    }

    /// runc prints `state` with a two-space indent and lists on one line.
    private func printJSON<Value: Encodable>(_ value: Value, pretty: Bool) throws {
        let bytes = pretty ? try SpecJSON.encodePretty(value, indent: "  ") : try SpecJSON.encodeCompact(value)
        StandardOutput.write(bytes + [10])
    }

    static let usage = """
    vessel-runtime: an OCI container runtime with runc's command line

    usage: vessel-runtime [--root DIR] [--log FILE] [--log-format text|json] [--debug] COMMAND [ARGS]

    commands:
      create --bundle DIR [--pid-file FILE] [--console-socket SOCK] [--preserve-fds N] ID
      start ID                 run ID (create + start, waits)
      state ID                 kill [--all] ID [SIGNAL]
      delete [--force] ID      exec [--process FILE | ID CMD...] [--detach] [--tty] ...
      ps [--format json] ID    list [--format json] [-q]
      pause ID / resume ID     spec [--bundle DIR]      features
    """
}
