/// The device status field (Virtio 1.2, section 2.1).
public struct VirtioDeviceStatus: OptionSet, Sendable, Equatable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let acknowledge = VirtioDeviceStatus(rawValue: 1)
    public static let driver = VirtioDeviceStatus(rawValue: 2)
    public static let driverOK = VirtioDeviceStatus(rawValue: 4)
    public static let featuresOK = VirtioDeviceStatus(rawValue: 8)
    public static let deviceNeedsReset = VirtioDeviceStatus(rawValue: 64)
    public static let failed = VirtioDeviceStatus(rawValue: 128)
}
