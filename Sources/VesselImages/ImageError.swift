/// A failure of the image side, with a code the CLI maps to an exit status and one line of context.
public struct ImageError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Code: Sendable, Equatable {
        case invalidInput
        case notFound
        case corrupt
        case unsupported
        case network
        case system
        case conflict
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    static func system(_ what: String, errno number: Int32) -> ImageError {
        ImageError(.system, "\(what): \(String(cString: strerror(number)))")
    }
}

#if canImport(Glibc)
import Glibc
#endif
