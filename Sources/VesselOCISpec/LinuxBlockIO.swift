/// `linux.resources.blockIO`.
public struct LinuxBlockIO: Codable, Sendable, Equatable {
    public var weight: UInt16?
    public var leafWeight: UInt16?
    public var weightDevice: [LinuxWeightDevice]?
    public var throttleReadBpsDevice: [LinuxThrottleDevice]?
    public var throttleWriteBpsDevice: [LinuxThrottleDevice]?
    public var throttleReadIOPSDevice: [LinuxThrottleDevice]?
    public var throttleWriteIOPSDevice: [LinuxThrottleDevice]?

    public init(
        weight: UInt16? = nil, leafWeight: UInt16? = nil, weightDevice: [LinuxWeightDevice]? = nil,
        throttleReadBpsDevice: [LinuxThrottleDevice]? = nil, throttleWriteBpsDevice: [LinuxThrottleDevice]? = nil,
        throttleReadIOPSDevice: [LinuxThrottleDevice]? = nil, throttleWriteIOPSDevice: [LinuxThrottleDevice]? = nil
    ) {
        self.weight = weight
        self.leafWeight = leafWeight
        self.weightDevice = weightDevice
        self.throttleReadBpsDevice = throttleReadBpsDevice
        self.throttleWriteBpsDevice = throttleWriteBpsDevice
        self.throttleReadIOPSDevice = throttleReadIOPSDevice
        self.throttleWriteIOPSDevice = throttleWriteIOPSDevice
    }
}
