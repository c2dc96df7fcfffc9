/// `linux.timeOffsets[clock]` for a time namespace (clock is `monotonic` or `boottime`).
public struct LinuxTimeOffset: Codable, Sendable, Equatable {
    public var secs: Int64?
    public var nanosecs: UInt32?

    public init(secs: Int64? = nil, nanosecs: UInt32? = nil) {
        self.secs = secs
        self.nanosecs = nanosecs
    }
}
