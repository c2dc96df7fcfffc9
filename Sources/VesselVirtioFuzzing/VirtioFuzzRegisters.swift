/// virtio-mmio version 2 register offsets (Virtio 1.2, 4.2.2), as the driver side sees them.
enum VirtioFuzzRegisters {
    static let magicValue: UInt64 = 0x000
    static let version: UInt64 = 0x004
    static let deviceID: UInt64 = 0x008
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
    static let configuration: UInt64 = 0x100
    static let windowSize: UInt64 = 0x1000

    static let all: [UInt64] = [
        magicValue, version, deviceID, 0x00c, deviceFeatures, deviceFeaturesSelect, driverFeatures,
        driverFeaturesSelect, queueSelect, queueSizeMaximum, queueSize, queueReady, queueNotify, interruptStatus,
        interruptAcknowledge, status, queueDescriptorLow, queueDescriptorHigh, queueDriverLow, queueDriverHigh,
        queueDeviceLow, queueDeviceHigh, 0x0ac, 0x0b0, 0x0b4, 0x0fc, configuration, configuration + 4, configuration + 8,
    ]

    static let magic: UInt32 = 0x7472_6976
}
