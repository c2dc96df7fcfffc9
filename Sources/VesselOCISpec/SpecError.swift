/// Every failure of loading, decoding or validating an OCI document. `description` is one line.
public enum SpecError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The document does not exist.
    case fileNotFound(path: String)
    /// The document exists but could not be read.
    case readFailed(path: String, errno: Int32)
    /// The bytes are not JSON; `detail` carries the parser's position when it gives one.
    case invalidJSON(file: String, detail: String)
    /// A field holds a JSON value of the wrong kind; `field` is a JSON path such as `process.user.uid`.
    case wrongType(file: String, field: String, expected: String)
    /// A required field is absent or null.
    case missingField(file: String, field: String)
    /// A field has the right kind but an unacceptable value.
    case invalidValue(file: String, field: String, detail: String)
    /// `ociVersion` is not a 1.x version.
    case unsupportedVersion(String)
    /// The document could not be encoded (only reachable through non-finite numbers, which the types do not hold).
    case encodingFailed(detail: String)

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            return "\(path): no such file"
        case .readFailed(let path, let errno):
            return "\(path): cannot read: \(SpecError.errnoName(errno))"
        case .invalidJSON(let file, let detail):
            return "\(file): invalid JSON: \(detail)"
        case .wrongType(let file, let field, let expected):
            return "\(file): \(field): expected \(expected)"
        case .missingField(let file, let field):
            return "\(file): \(field): required field is missing"
        case .invalidValue(let file, let field, let detail):
            return "\(file): \(field): \(detail)"
        case .unsupportedVersion(let version):
            return "unsupported ociVersion \(version): vessel-runtime supports 1.x"
        case .encodingFailed(let detail):
            return "cannot encode JSON: \(detail)"
        }
    }

    static func errnoName(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "errno \(code)" }
        return "\(String(cString: text)) (errno \(code))"
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
