/// Adds kernel parameters to a user's command line. Everything after a bare `--` goes to init, so
/// parameters are inserted before it; quoted text is left alone.
enum KernelCommandLine {
    static func inserting(_ parameters: [String], into commandLine: String) -> String {
        guard !parameters.isEmpty else { return commandLine }
        let addition = parameters.joined(separator: " ")
        guard let separator = initSeparator(in: commandLine) else {
            return commandLine.isEmpty ? addition : commandLine + " " + addition
        }
        let before = commandLine[..<separator].trimmingSuffixSpaces()
        let after = commandLine[separator...]
        return (before.isEmpty ? addition : before + " " + addition) + " " + after
    }

    /// The index of the first `--` word outside double quotes.
    private static func initSeparator(in commandLine: String) -> String.Index? {
        var quoted = false
        var index = commandLine.startIndex
        var wordStart = true
        while index < commandLine.endIndex {
            let character = commandLine[index]
            if character == "\"" {
                quoted.toggle()
            } else if !quoted && wordStart && commandLine[index...].hasPrefix("--") {
                let end = commandLine.index(index, offsetBy: 2)
                if end == commandLine.endIndex || commandLine[end] == " " {
                    return index
                }
            }
            wordStart = character == " " && !quoted
            index = commandLine.index(after: index)
        }
        return nil
    }
}

extension Substring {
    fileprivate func trimmingSuffixSpaces() -> String {
        var text = self
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
