/// Register offsets of the virtio-mmio transport, version 2 (Virtio 1.2, section 4.2.2).
enum VirtioMMIORegister {
    static let magicValue: UInt64 = 0x000
    static let version: UInt64 = 0x004
    static let deviceID: UInt64 = 0x008
    static let vendorID: UInt64 = 0x00c
    static let deviceFeatures: UInt64 = 0x010
    static let deviceFeaturesSelect: UInt64 = 0x014
    static let driverFeatures: UInt64 = 0x020
    static let driverFeaturesSelect: UInt64 = 0x024
    static let queueSelect: UInt64 = 0x030
    static let queueSizeMaximum: UInt64 = 0x034
    static let queueSize: UInt64 = 0x038
    static let queueReady: UInt64 = 0x044
    static let queueNotify: UInt64 = 0x050
    static let interruptStatus: UInt64 = 0x060
    static let interruptAcknowledge: UInt64 = 0x064
    static let status: UInt64 = 0x070
    static let queueDescriptorLow: UInt64 = 0x080
    static let queueDescriptorHigh: UInt64 = 0x084
    static let queueDriverLow: UInt64 = 0x090
    static let queueDriverHigh: UInt64 = 0x094
    static let queueDeviceLow: UInt64 = 0x0a0
    static let queueDeviceHigh: UInt64 = 0x0a4
    static let sharedMemorySelect: UInt64 = 0x0ac
    static let sharedMemoryLengthLow: UInt64 = 0x0b0
    static let sharedMemoryLengthHigh: UInt64 = 0x0b4
    static let configurationGeneration: UInt64 = 0x0fc
    static let configuration: UInt64 = 0x100

    static let magic: UInt32 = 0x7472_6976  // "virt"
    static let transportVersion: UInt32 = 2
    /// "VSSL": the vendor ID is free-form; Linux does not match on it.
    static let vendor: UInt32 = 0x4C53_5356
    /// The window each device occupies.
    static let windowSize: UInt64 = 0x1000
}
