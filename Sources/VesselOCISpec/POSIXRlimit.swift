/// One entry of `process.rlimits`, e.g. `RLIMIT_NOFILE`.
public struct POSIXRlimit: Codable, Sendable, Equatable {
    public var type: String
    public var hard: UInt64
    public var soft: UInt64

    public init(type: String, hard: UInt64, soft: UInt64) {
        self.type = type
        self.hard = hard
        self.soft = soft
    }
}
