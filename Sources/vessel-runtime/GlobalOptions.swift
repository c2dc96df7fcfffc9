import VesselRuntime

/// Flags that come before the command, as runc takes them.
struct GlobalOptions {
    var root = "/run/vessel-runtime"
    var logPath: String?
    var logFormat = RuntimeLog.Format.text
    var debug = false
    var systemdCgroup = false

    static let valueFlags = ["root": "root", "log": "log", "log-format": "log-format", "criu": "criu", "rootless": "rootless"]
    static let boolFlags = ["debug": "debug", "systemd-cgroup": "systemd-cgroup", "help": "help", "h": "help",
                            "version": "version", "v": "version"]

    /// Splits `arguments` into global flags and the command with its own arguments.
    static func parse(_ arguments: [String]) throws -> (GlobalOptions, command: String?, rest: ArraySlice<String>) {
        var options = GlobalOptions()
        var index = 0
        var sawVersion = false
        while index < arguments.count, arguments[index].hasPrefix("-") {
            let argument = arguments[index]
            var name = String(argument.drop { $0 == "-" })
            var inline: String?
            if let equals = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            if let canonical = valueFlags[name] {
                var value = inline
                // --rootless takes an optional true/false/auto; a bare --rootless is accepted too.
                if value == nil, canonical != "rootless" || (index + 1 < arguments.count && ["true", "false", "auto"].contains(arguments[index + 1])) {
                    index += 1
                    guard index < arguments.count else { throw UsageError("flag needs an argument: \(argument)") }
                    value = arguments[index]
                }
                switch canonical {
                case "root": options.root = value ?? options.root
                case "log": options.logPath = value
                case "log-format":
                    guard let format = RuntimeLog.Format(rawValue: value ?? "") else {
                        throw UsageError("invalid --log-format \"\(value ?? "")\": use text or json")
                    }
                    options.logFormat = format
                default: break // --criu and --rootless are accepted for compatibility and have no effect
                }
            } else if let canonical = boolFlags[name] {
                switch canonical {
                case "debug": options.debug = true
                case "systemd-cgroup": options.systemdCgroup = inline != "false"
                case "version": sawVersion = true
                default: return (options, "help", [])
                }
            } else {
                throw UsageError("flag provided but not defined: \(argument)")
            }
            index += 1
        }
        if sawVersion && index >= arguments.count { return (options, "version", []) }
        guard index < arguments.count else { return (options, nil, []) }
        return (options, arguments[index], arguments[(index + 1)...])
    }
}
