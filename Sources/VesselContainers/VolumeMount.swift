/// `-v HOST:CONTAINER[:ro|rw]`: a bind mount of a host path.
public struct VolumeMount: Sendable, Equatable {
    public var source: String
    public var destination: String
    public var readOnly: Bool

    public init(parsing text: String) throws {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard (2...3).contains(parts.count), !parts[0].isEmpty, !parts[1].isEmpty else {
            throw ContainerError(.invalidInput, "malformed volume \"\(text)\" (expected HOST:CONTAINER[:ro])")
        }
        guard parts[0].hasPrefix("/") else { throw ContainerError(.invalidInput, "volume host path must be absolute: \(parts[0])") }
        guard parts[1].hasPrefix("/") else { throw ContainerError(.invalidInput, "volume container path must be absolute: \(parts[1])") }
        if parts.count == 3 {
            guard parts[2] == "ro" || parts[2] == "rw" else {
                throw ContainerError(.invalidInput, "unknown volume option \"\(parts[2])\" (ro or rw)")
            }
        }
        source = parts[0]
        destination = parts[1]
        readOnly = parts.count == 3 && parts[2] == "ro"
    }
}
