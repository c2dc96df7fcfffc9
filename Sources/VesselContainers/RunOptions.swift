/// Everything `vessel run` takes besides the image, already validated.
public struct RunOptions: Sendable {
    public var name: String?
    public var command: [String] = []
    public var entrypoint: [String]?
    public var environment: [String] = []
    public var volumes: [VolumeMount] = []
    public var workingDirectory: String?
    public var user: String?
    public var memoryBytes: Int64?
    public var cpus: Double?
    public var pidsLimit: Int64?
    public var hostname: String?
    public var network: NetworkMode = .none
    public var terminal = false
    public var interactive = false
    public var detach = false
    public var autoRemove = false

    public init() {}

    /// Parses `512k`, `64m`, `1g`, `1.5g` or plain bytes.
    public static func parseSize(_ text: String) throws -> Int64 {
        let lower = text.lowercased()
        var digits = Substring(lower)
        var multiplier: Double = 1
        if let last = digits.last, !last.isNumber {
            switch last {
            case "b": multiplier = 1
            case "k": multiplier = 1024
            case "m": multiplier = 1_048_576
            case "g": multiplier = 1_073_741_824
            default: throw ContainerError(.invalidInput, "malformed size \"\(text)\" (use b, k, m or g)")
            }
            digits = digits.dropLast()
        }
        guard let value = Double(digits), value > 0, value * multiplier < 1e15 else {
            throw ContainerError(.invalidInput, "malformed size \"\(text)\"")
        }
        let bytes = Int64(value * multiplier)
        guard bytes >= 6 << 20 else { throw ContainerError(.invalidInput, "memory limit \(text) is below the 6 MiB minimum") }
        return bytes
    }

    /// Names: a letter or digit, then letters, digits, `_`, `.` or `-` (docker's rule).
    public static func validateName(_ name: String) throws {
        let bytes = Array(name.utf8)
        func alphanumeric(_ byte: UInt8) -> Bool { (byte >= 97 && byte <= 122) || (byte >= 65 && byte <= 90) || (byte >= 48 && byte <= 57) }
        guard let first = bytes.first, alphanumeric(first), bytes.count <= 128,
              bytes.allSatisfy({ alphanumeric($0) || $0 == 95 || $0 == 46 || $0 == 45 }) else {
            throw ContainerError(.invalidInput, "invalid container name \"\(name.prefix(130))\" (letters, digits, _ . -)")
        }
    }
}
