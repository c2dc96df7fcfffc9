/// A per-device block I/O rate limit (bytes or operations per second).
public struct LinuxThrottleDevice: Codable, Sendable, Equatable {
    public var major: Int64
    public var minor: Int64
    public var rate: UInt64

    public init(major: Int64, minor: Int64, rate: UInt64) {
        self.major = major
        self.minor = minor
        self.rate = rate
    }
}
