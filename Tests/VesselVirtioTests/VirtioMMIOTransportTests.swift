import Logging
import Synchronization
import Testing
import VesselMemory
import VesselVirtio
import VesselVirtioTesting

@Suite struct VirtioMMIOTransportTests {
    let memory: GuestMemory
    let device = RecordingDevice()
    let transport: VirtioMMIOTransport
    let driver: MMIODriver

    init() throws {
        memory = try GuestMemory(ranges: [(GuestAddress(0), 1 << 20)])
        let counter = Counter()
        transport = try VirtioMMIOTransport(
            device: device, memory: memory, interrupt: VirtioInterrupt { counter.bump() }, logger: Logger(label: "test"))
        driver = MMIODriver(device: transport, memory: memory)
        self.counter = counter
    }

    let counter: Counter
    final class Counter: Sendable {
        let value = Atomic<Int>(0)
        func bump() { value.wrappingAdd(1, ordering: .relaxed) }
    }

    @Test func identificationRegisters() {
        #expect(driver.read(0x000) == 0x7472_6976)
        #expect(driver.read(0x004) == 2)
        #expect(driver.read(0x008) == VirtioDeviceType.block.rawValue)
        #expect(driver.offeredFeatures() == (1 << 5) | VirtioFeatures.transportOffered)
    }

    @Test func fullInitialisationActivatesTheDeviceWithItsQueues() throws {
        let queues = try #require(try driver.initialise())
        #expect(queues.map(\.size) == [16, 8])
        #expect(driver.status == 15)
        let activation = try #require(device.activations.withLock { $0.first })
        #expect(activation.queues.count == 2)
        #expect(activation.features == (1 << 5) | VirtioFeatures.transportOffered)
        // A notify write reaches the queue's notifier, which the device loop watches.
        driver.notify(queue: 1)
        #expect(activation.notifiers[1].drain() == 1)
        #expect(activation.notifiers[0].drain() == 0)
    }

    @Test func featuresWithoutVersion1OrUnknownBitsAreRefused() throws {
        #expect(try driver.initialise(accept: { $0 & ~VirtioFeatures.version1 }) == nil)
        #expect(driver.status & 8 == 0)
        #expect(try driver.initialise(accept: { $0 | (1 << 40) }) == nil)
        #expect(device.activations.withLock { $0.isEmpty })
    }

    @Test func queueOutsideMemoryMarksTheDeviceNeedingReset() throws {
        let queues = try driver.initialise(queueBase: (1 << 20) - 0x100)
        #expect(queues != nil)
        #expect(device.activations.withLock { $0.isEmpty })
        #expect(driver.status & 64 != 0)
        #expect(driver.read(0x60) & 2 != 0)
        #expect(counter.value.load(ordering: .relaxed) == 1)
        // A reset clears the condition and the driver can start over.
        driver.write(0x70, 0)
        #expect(driver.status == 0)
        #expect(try driver.initialise() != nil)
        #expect(device.activations.withLock { $0.count } == 1)
    }

    @Test func resetAfterActivationResetsTheDevice() throws {
        _ = try driver.initialise()
        driver.write(0x70, 0)
        #expect(device.resets.load(ordering: .relaxed) == 1)
        #expect(driver.read(0x44) == 0)
        _ = try driver.initialise()
        #expect(device.activations.withLock { $0.count } == 2)
    }

    @Test func interruptStatusIsAcknowledged() throws {
        let queues = try #require(try driver.initialise())
        _ = queues
        let activation = try #require(device.activations.withLock { $0.first })
        activation.interrupt.signalUsedBuffer()
        #expect(driver.read(0x60) == 1)
        driver.write(0x64, 1)
        #expect(driver.read(0x60) == 0)
        let generation = driver.read(0xfc)
        activation.interrupt.signalConfigurationChange()
        #expect(driver.read(0xfc) == generation &+ 1)
    }

    @Test func configurationSpaceReadsAtAnyWidth() {
        var byte: UInt8 = 0
        withUnsafeMutableBytes(of: &byte) { transport.read(offset: 0x100 + 5, into: $0) }
        #expect(byte == 5)
        var word: UInt32 = 0
        withUnsafeMutableBytes(of: &word) { transport.read(offset: 0x100 + 14, into: $0) }
        #expect(word == 0x0000_0F0E)
    }

    @Test func oddWidthsAndUnknownRegistersAreHarmless() {
        var short: UInt16 = 0xFFFF
        withUnsafeMutableBytes(of: &short) { transport.read(offset: 0, into: $0) }
        #expect(short == 0)
        withUnsafeBytes(of: UInt16(7)) { transport.write(offset: 0x70, data: $0) }
        #expect(driver.status == 0)
        driver.write(0x30, 99)
        #expect(driver.read(0x34) == 0)
        driver.write(0x38, 4)
        driver.write(0x50, 12345)
        #expect(driver.read(0xee0 & ~3) == 0)
    }

    @Test func queueRegistersAreFrozenOnceReady() throws {
        _ = try driver.initialise()
        driver.write(0x30, 0)
        driver.write(0x38, 2)
        let activation = try #require(device.activations.withLock { $0.first })
        #expect(activation.queues[0].size == 16)
    }
}
