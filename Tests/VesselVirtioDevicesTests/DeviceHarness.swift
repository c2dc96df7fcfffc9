import CVesselEvent
import Logging
import Synchronization
import VesselMemory
import VesselVirtio
import VesselVirtioTesting
#if canImport(Glibc)
import Glibc
#endif

/// A device behind a real virtio-mmio transport and a running device event loop, with 4 MiB of guest
/// memory and the queues initialised the way Linux does it.
final class DeviceHarness {
    let memory: GuestMemory
    let loop: DeviceEventLoop
    let device: any VirtioDevice
    let transport: VirtioMMIOTransport
    let driver: MMIODriver
    let queues: [GuestQueueDriver]
    private let interrupts = InterruptCounter()

    final class InterruptCounter: Sendable {
        let value = Atomic<Int>(0)
    }

    init(memorySize: UInt64 = 4 << 20, device make: (DeviceEventLoop) throws -> any VirtioDevice,
         accept: (UInt64) -> UInt64 = { $0 }) throws {
        memory = try GuestMemory(ranges: [(GuestAddress(0), memorySize)])
        loop = try DeviceEventLoop()
        try loop.start()
        device = try make(loop)
        let counter = interrupts
        transport = try VirtioMMIOTransport(
            device: device, memory: memory,
            interrupt: VirtioInterrupt { counter.value.wrappingAdd(1, ordering: .relaxed) },
            logger: Logger(label: "test"))
        driver = MMIODriver(device: transport, memory: memory)
        guard let queues = try driver.initialise(accept: accept) else {
            throw VirtioError.activationFailed("the device refused FEATURES_OK")
        }
        self.queues = queues
    }

    deinit {
        driver.write(0x70, 0)
        loop.stop()
        device.shutdown()
    }

    var interruptCount: Int { interrupts.value.load(ordering: .relaxed) }

    /// Waits up to `seconds` for `condition`, polling: the device answers on its own thread.
    func waitUntil(seconds: Double = 5, _ condition: () throws -> Bool) throws {
        let deadline = Double(vessel_monotonic_nanoseconds()) / 1e9 + seconds
        while try !condition() {
            guard Double(vessel_monotonic_nanoseconds()) / 1e9 < deadline else {
                throw VirtioError.badRequest("timed out waiting for the device")
            }
            usleep(1000)
        }
    }

    /// Waits until `count` used elements have arrived on `queue` and returns them.
    func waitForUsed(_ queue: GuestQueueDriver, count: Int, seconds: Double = 5) throws -> [(id: UInt32, length: UInt32)] {
        var collected: [(id: UInt32, length: UInt32)] = []
        try waitUntil(seconds: seconds) {
            collected += try queue.takeUsed()
            return collected.count >= count
        }
        return collected
    }
}
