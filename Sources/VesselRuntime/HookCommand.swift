/// One OCI hook, kept in the runtime's own form so it can be stored in the state file for `delete`.
public struct HookCommand: Codable, Sendable, Equatable {
    public var path: String
    public var args: [String]
    public var env: [String]
    /// Seconds; nil means no limit.
    public var timeout: Int?

    public init(path: String, args: [String] = [], env: [String] = [], timeout: Int? = nil) {
        self.path = path
        self.args = args
        self.env = env
        self.timeout = timeout
    }
}
