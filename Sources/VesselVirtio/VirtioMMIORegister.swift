/// Register offsets of the virtio-mmio transport, version 2 (Virtio 1.2, section 4.2.2).
public enum VirtioMMIORegister {
    public static let magicValue: UInt64 = 0x000
    public static let version: UInt64 = 0x004
    public static let deviceID: UInt64 = 0x008
    public static let vendorID: UInt64 = 0x00c
    public static let deviceFeatures: UInt64 = 0x010
    public static let deviceFeaturesSelect: UInt64 = 0x014
    public static let driverFeatures: UInt64 = 0x020
    public static let driverFeaturesSelect: UInt64 = 0x024
    public static let queueSelect: UInt64 = 0x030
    public static let queueSizeMaximum: UInt64 = 0x034
    public static let queueSize: UInt64 = 0x038
    public static let queueReady: UInt64 = 0x044
    public static let queueNotify: UInt64 = 0x050
    public static let interruptStatus: UInt64 = 0x060
    public static let interruptAcknowledge: UInt64 = 0x064
    public static let status: UInt64 = 0x070
    public static let queueDescriptorLow: UInt64 = 0x080
    public static let queueDescriptorHigh: UInt64 = 0x084
    public static let queueDriverLow: UInt64 = 0x090
    public static let queueDriverHigh: UInt64 = 0x094
    public static let queueDeviceLow: UInt64 = 0x0a0
    public static let queueDeviceHigh: UInt64 = 0x0a4
    public static let sharedMemorySelect: UInt64 = 0x0ac
    public static let sharedMemoryLengthLow: UInt64 = 0x0b0
    public static let sharedMemoryLengthHigh: UInt64 = 0x0b4
    public static let configurationGeneration: UInt64 = 0x0fc
    public static let configuration: UInt64 = 0x100

    public static let magic: UInt32 = 0x7472_6976  // "virt"
    public static let transportVersion: UInt32 = 2
    /// "VSSL": the vendor ID is free-form; Linux does not match on it.
    public static let vendor: UInt32 = 0x4C53_5356
    /// The window each device occupies.
    public static let windowSize: UInt64 = 0x1000

    /// Every defined register plus the first configuration words: what a driver (or a fuzzer) can touch.
    public static let all: [UInt64] = [
        magicValue, version, deviceID, vendorID, deviceFeatures, deviceFeaturesSelect, driverFeatures,
        driverFeaturesSelect, queueSelect, queueSizeMaximum, queueSize, queueReady, queueNotify, interruptStatus,
        interruptAcknowledge, status, queueDescriptorLow, queueDescriptorHigh, queueDriverLow, queueDriverHigh,
        queueDeviceLow, queueDeviceHigh, sharedMemorySelect, sharedMemoryLengthLow, sharedMemoryLengthHigh,
        configurationGeneration, configuration, configuration + 4, configuration + 8,
    ]
}
