/// A failure of a container operation, with a code the CLI maps to an exit status.
public struct ContainerError: Error, CustomStringConvertible, Sendable {
    public enum Code: Sendable {
        case invalidInput
        case notFound
        case conflict
        case system
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
