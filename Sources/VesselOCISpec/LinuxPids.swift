/// `linux.resources.pids`; a limit of 0 or less means unlimited.
public struct LinuxPids: Codable, Sendable, Equatable {
    public var limit: Int64

    public init(limit: Int64) {
        self.limit = limit
    }
}
