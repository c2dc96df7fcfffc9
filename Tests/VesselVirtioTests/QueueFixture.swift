import VesselMemory
import VesselVirtio
import VesselVirtioTesting

/// One MiB of guest memory at 0 with a driver-side queue at 0x1000 and data buffers from 0x10000.
struct QueueFixture {
    static let memorySize: UInt64 = 1 << 20
    static let dataBase: UInt64 = 0x10000

    let memory: GuestMemory
    let driver: GuestQueueDriver
    let queue: VirtQueue

    init(size: UInt16 = 8, features: UInt64 = VirtioFeatures.transportOffered) throws {
        memory = try GuestMemory(ranges: [(GuestAddress(0), Self.memorySize)])
        driver = GuestQueueDriver(memory: memory, size: size, base: 0x1000)
        queue = try VirtQueue(index: 0, configuration: driver.configuration, memory: memory, features: features)
    }

    func data(_ slot: Int) -> UInt64 { Self.dataBase + UInt64(slot) * 0x1000 }
}
