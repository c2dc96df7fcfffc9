/// The driver-visible register state of one virtio-mmio device, guarded by the transport's lock.
struct VirtioMMIOState {
    var status = VirtioDeviceStatus()
    var deviceFeaturesSelect: UInt32 = 0
    var driverFeaturesSelect: UInt32 = 0
    var driverFeatures: UInt64 = 0
    var queueSelect: UInt32 = 0
    var queues: [VirtQueueConfiguration]
    var isActive = false

    init(queueMaximumSizes: [UInt16]) {
        queues = queueMaximumSizes.map { VirtQueueConfiguration(maximumSize: $0) }
    }

    mutating func reset() {
        self = VirtioMMIOState(queueMaximumSizes: queues.map(\.maximumSize))
    }
}
