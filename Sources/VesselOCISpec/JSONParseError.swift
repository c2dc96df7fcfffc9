/// A syntax error with its 1-based line and column.
struct JSONParseError: Error, Sendable, CustomStringConvertible {
    var line: Int
    var column: Int
    var message: String

    var description: String { "line \(line), column \(column): \(message)" }
}
