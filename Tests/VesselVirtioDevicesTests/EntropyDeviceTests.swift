import Logging
import Synchronization
import Testing
import VesselMemory
import VesselVirtio
import VesselVirtioDevices
import VesselVirtioTesting

@Suite struct EntropyDeviceTests {
    @Test func fillsGuestBuffersWithRandomBytesOnItsOwnThread() throws {
        let harness = try DeviceHarness(device: { loop in EntropyDevice(loop: loop, logger: Logger(label: "test")) })
        let queue = try #require(harness.queues.first)
        try harness.memory.zero(at: GuestAddress(0x40000), count: 4096)
        try queue.addChain([(0x40000, 1024, true), (0x41000, 1024, true)])
        harness.driver.notify(queue: 0)
        let used = try harness.waitForUsed(queue, count: 1)
        #expect(used[0].length == 2048)
        let first = try harness.memory.read(at: GuestAddress(0x40000), count: 1024)
        let second = try harness.memory.read(at: GuestAddress(0x41000), count: 1024)
        // 1 KiB of getrandom output is never all zero, and two halves never match.
        #expect(first.contains { $0 != 0 })
        #expect(first != second)
        #expect(harness.interruptCount >= 1)
    }

    @Test func readOnlyBufferIsAnEmptyAnswerNotACrash() throws {
        let harness = try DeviceHarness(device: { loop in EntropyDevice(loop: loop, logger: Logger(label: "test")) })
        let queue = try #require(harness.queues.first)
        try queue.addChain([(0x40000, 64, false)])
        harness.driver.notify(queue: 0)
        #expect(try harness.waitForUsed(queue, count: 1)[0].length == 0)
    }

    @Test func malformedChainMarksTheDeviceBroken() throws {
        let harness = try DeviceHarness(device: { loop in EntropyDevice(loop: loop, logger: Logger(label: "test")) })
        let queue = try #require(harness.queues.first)
        try queue.addChain([(UInt64(1 << 30), 64, true)])
        harness.driver.notify(queue: 0)
        try harness.waitUntil { harness.driver.status & 64 != 0 }
        // After a reset and a new initialisation the device serves again.
        let queues = try #require(try harness.driver.initialise())
        #expect(harness.driver.status == 15)
        try queues[0].addChain([(0x40000, 32, true)])
        harness.driver.notify(queue: 0)
        #expect(try harness.waitForUsed(queues[0], count: 1)[0].length == 32)
    }
}
