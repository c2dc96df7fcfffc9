/// A runc-style command line: flags (`--name value`, `--name=value`, `-n value`, one or two dashes) up to the
/// first positional argument; everything after it is positional (so `exec ID sh -c ...` works).
struct ParsedArguments {
    var values: [String: [String]] = [:]
    var switches: Set<String> = []
    var positional: [String] = []

    /// `valueFlags` and `boolFlags` map every accepted spelling (without dashes) to a canonical name.
    init(_ arguments: ArraySlice<String>, valueFlags: [String: String], boolFlags: [String: String]) throws {
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            if argument == "--" {
                positional += arguments[(index + 1)...]
                return
            }
            guard argument.hasPrefix("-"), argument != "-" else {
                positional += arguments[index...]
                return
            }
            var name = String(argument.drop { $0 == "-" })
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            if let canonical = valueFlags[name] {
                let value: String
                if let inlineValue {
                    value = inlineValue
                } else {
                    index += 1
                    guard index < arguments.endIndex else { throw UsageError("flag needs an argument: \(argument)") }
                    value = arguments[index]
                }
                values[canonical, default: []].append(value)
            } else if let canonical = boolFlags[name] {
                if let inlineValue, inlineValue == "false" { switches.remove(canonical) } else { switches.insert(canonical) }
            } else {
                throw UsageError("flag provided but not defined: \(argument)")
            }
            index += 1
        }
    }

    func value(_ name: String) -> String? { values[name]?.last }
    func has(_ name: String) -> Bool { switches.contains(name) }
}
