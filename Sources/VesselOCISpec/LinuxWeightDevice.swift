/// A per-device block I/O weight.
public struct LinuxWeightDevice: Codable, Sendable, Equatable {
    public var major: Int64
    public var minor: Int64
    public var weight: UInt16?
    public var leafWeight: UInt16?

    public init(major: Int64, minor: Int64, weight: UInt16? = nil, leafWeight: UInt16? = nil) {
        self.major = major
        self.minor = minor
        self.weight = weight
        self.leafWeight = leafWeight
    }
}
