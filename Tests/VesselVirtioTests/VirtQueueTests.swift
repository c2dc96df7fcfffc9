import Testing
import VesselMemory
import VesselVirtio
import VesselVirtioTesting

@Suite struct VirtQueueTests {
    @Test func emptyRingYieldsNothing() throws {
        let fixture = try QueueFixture()
        #expect(try fixture.queue.popAvailable() == nil)
    }

    @Test func chainSplitsReadableAndWritableBuffers() throws {
        let fixture = try QueueFixture()
        try fixture.memory.write(Array("request".utf8), at: GuestAddress(fixture.data(0)))
        let head = try fixture.driver.addChain([
            (fixture.data(0), 7, false), (fixture.data(1), 100, true), (fixture.data(2), 28, true),
        ])
        let chain = try #require(try fixture.queue.popAvailable())
        #expect(chain.headIndex == head)
        #expect(chain.readable.count == 1 && chain.writable.count == 2)
        #expect(chain.readableLength == 7 && chain.writableLength == 128)
        #expect(try chain.readReadable(from: fixture.memory, count: 100) == Array("request".utf8))
        // A write that spans both writable buffers lands in order.
        let reply = [UInt8](repeating: 0xAB, count: 110)
        #expect(try chain.writeWritable(to: fixture.memory, bytes: reply) == 110)
        #expect(try fixture.memory.read(at: GuestAddress(fixture.data(1)), count: 100) == Array(reply.prefix(100)))
        #expect(try fixture.memory.read(at: GuestAddress(fixture.data(2)), count: 11) == Array(repeating: 0xAB, count: 10) + [0])
        try fixture.queue.addUsed(headIndex: chain.headIndex, length: 110)
        let used = try fixture.driver.takeUsed()
        #expect(used.count == 1 && used[0].id == UInt32(head) && used[0].length == 110)
    }

    @Test func writesBeyondTheWritableBuffersAreTruncated() throws {
        let fixture = try QueueFixture()
        try fixture.driver.addChain([(fixture.data(0), 4, true)])
        let chain = try #require(try fixture.queue.popAvailable())
        #expect(try chain.writeWritable(to: fixture.memory, bytes: [1, 2, 3, 4, 5, 6]) == 4)
        #expect(try fixture.memory.read(at: GuestAddress(fixture.data(0)), count: 5) == [1, 2, 3, 4, 0])
    }

    @Test func indirectTableIsFollowed() throws {
        let fixture = try QueueFixture()
        let table = fixture.data(10)
        try fixture.driver.writeDescriptor(table: table, index: 0, address: fixture.data(0), length: 16, flags: 1, next: 1)
        try fixture.driver.writeDescriptor(table: table, index: 1, address: fixture.data(1), length: 512, flags: 2, next: 0)
        try fixture.driver.writeDescriptor(index: 3, address: table, length: 32, flags: 4, next: 0)
        try fixture.driver.publish(head: 3)
        let chain = try #require(try fixture.queue.popAvailable())
        #expect(chain.headIndex == 3)
        #expect(chain.readable == [GuestBuffer(address: GuestAddress(fixture.data(0)), length: 16)])
        #expect(chain.writable == [GuestBuffer(address: GuestAddress(fixture.data(1)), length: 512)])
    }

    @Test func ringIndexesWrapAround() throws {
        let fixture = try QueueFixture(size: 4)
        // Start both sides just below 2^16 so the free-running indexes wrap during the test.
        try fixture.driver.setAvailableIndex(65534)
        fixture.queue.restore(nextAvailable: 65534, nextUsed: 65534)
        try fixture.memory.writeInteger(UInt16(65534), at: GuestAddress(fixture.driver.usedRing + 2))
        _ = try fixture.driver.takeUsed()
        var heads: [UInt16] = []
        for round in 0..<6 {
            let head = try fixture.driver.addChain([(fixture.data(round), 8, true)])
            let chain = try #require(try fixture.queue.popAvailable())
            #expect(chain.headIndex == head)
            try fixture.queue.addUsed(headIndex: chain.headIndex, length: 8)
            heads.append(head)
        }
        #expect(fixture.queue.nextAvailable == 4)
        #expect(try fixture.driver.usedIndex() == 4)
        #expect(try fixture.driver.takeUsed().map { UInt16($0.id) } == heads)
    }

    @Test func eventIndexSuppressesInterruptsUntilTheDriverAsks() throws {
        let fixture = try QueueFixture()
        for slot in 0..<3 { try fixture.driver.addChain([(fixture.data(slot), 8, true)]) }
        // The driver wants an interrupt only once the third buffer (used index 3) is returned.
        try fixture.driver.setUsedEvent(2)
        var decisions: [Bool] = []
        for _ in 0..<3 {
            let chain = try #require(try fixture.queue.popAvailable())
            try fixture.queue.addUsed(headIndex: chain.headIndex, length: 0)
            decisions.append(try fixture.queue.needsInterrupt())
        }
        // The first interrupt is always sent; then only when used_event (2) is crossed.
        #expect(decisions == [true, false, true])
        #expect(try fixture.queue.enableNotification() == false)
        #expect(try fixture.driver.availableEvent() == 3)
        try fixture.driver.addChain([(fixture.data(4), 8, true)])
        #expect(try fixture.queue.enableNotification() == true)
    }

    @Test func withoutEventIndexTheNoInterruptFlagIsHonoured() throws {
        let fixture = try QueueFixture(features: VirtioFeatures.version1)
        try fixture.driver.addChain([(fixture.data(0), 8, true)])
        let chain = try #require(try fixture.queue.popAvailable())
        try fixture.queue.addUsed(headIndex: chain.headIndex, length: 0)
        #expect(try fixture.queue.needsInterrupt())
        try fixture.driver.setAvailableFlags(1)
        #expect(try fixture.queue.needsInterrupt() == false)
        try fixture.queue.disableNotification()
        #expect(try fixture.driver.usedFlags() == 1)
        _ = try fixture.queue.enableNotification()
        #expect(try fixture.driver.usedFlags() == 0)
    }

    // MARK: malformed chains: each is an error, never an access outside guest memory

    private func expectMalformed(_ fixture: QueueFixture, _ containing: String,
                                 sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let chain = try fixture.queue.popAvailable()
            Issue.record("expected a malformed-queue error, got \(String(describing: chain))", sourceLocation: sourceLocation)
        } catch let VirtioError.malformedQueue(_, reason) {
            #expect(reason.contains(containing), "\(reason)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func loopingChainIsRejected() throws {
        let fixture = try QueueFixture()
        try fixture.driver.writeDescriptor(index: 0, address: fixture.data(0), length: 8, flags: 1, next: 1)
        try fixture.driver.writeDescriptor(index: 1, address: fixture.data(1), length: 8, flags: 1, next: 0)
        try fixture.driver.publish(head: 0)
        expectMalformed(fixture, "loops")
    }

    @Test func selfLinkedDescriptorIsRejected() throws {
        let fixture = try QueueFixture()
        try fixture.driver.writeDescriptor(index: 2, address: fixture.data(0), length: 8, flags: 1, next: 2)
        try fixture.driver.publish(head: 2)
        expectMalformed(fixture, "loops")
    }

    @Test func outOfRangeBufferIsRejected() throws {
        let fixture = try QueueFixture()
        try fixture.driver.addChain([(QueueFixture.memorySize - 4, 8, false)])
        expectMalformed(fixture, "outside guest memory")
    }

    @Test func addressPlusLengthOverflowIsRejected() throws {
        let fixture = try QueueFixture()
        try fixture.driver.addChain([(UInt64.max - 2, 16, true)])
        expectMalformed(fixture, "wraps")
    }

    @Test func headAndNextIndexesOutsideTheTableAreRejected() throws {
        let fixture = try QueueFixture()
        try fixture.driver.publish(head: 8)
        expectMalformed(fixture, "head index 8")
        let second = try QueueFixture()
        try second.driver.writeDescriptor(index: 0, address: second.data(0), length: 8, flags: 1, next: 9)
        try second.driver.publish(head: 0)
        expectMalformed(second, "links to 9")
    }

    @Test func availableIndexTooFarAheadIsRejected() throws {
        let fixture = try QueueFixture()
        try fixture.driver.setAvailableIndex(9)
        expectMalformed(fixture, "ahead")
    }

    @Test func chainLongerThanFourGiBIsRejected() throws {
        // Two 3 GiB buffers, each inside a 4 GiB guest (never touched, so never backed).
        let memory = try GuestMemory(ranges: [(GuestAddress(0), 4 << 30)])
        let driver = GuestQueueDriver(memory: memory, size: 8, base: 0x1000)
        let queue = try VirtQueue(index: 0, configuration: driver.configuration, memory: memory,
                                  features: VirtioFeatures.transportOffered)
        let threeGiB: UInt32 = 3 << 30
        try driver.addChain([(0x10000, threeGiB, false), (0x20000, threeGiB, false)])
        #expect(throws: VirtioError.malformedQueue(queue: 0, reason: "chain is longer than 4 GiB")) {
            _ = try queue.popAvailable()
        }
    }

    @Test func readableAfterWritableIsRejected() throws {
        let fixture = try QueueFixture()
        try fixture.driver.addChain([(fixture.data(0), 8, true), (fixture.data(1), 8, false)])
        expectMalformed(fixture, "follows a device-writable")
    }

    @Test func indirectMisuseIsRejected() throws {
        // Not negotiated.
        let plain = try QueueFixture(features: VirtioFeatures.version1)
        try plain.driver.writeDescriptor(index: 0, address: plain.data(9), length: 16, flags: 4, next: 0)
        try plain.driver.publish(head: 0)
        expectMalformed(plain, "without VIRTIO_F_INDIRECT_DESC")

        // A length that is not a multiple of 16.
        let odd = try QueueFixture()
        try odd.driver.writeDescriptor(index: 0, address: odd.data(9), length: 24, flags: 4, next: 0)
        try odd.driver.publish(head: 0)
        expectMalformed(odd, "multiple of 16")

        // A table outside guest memory.
        let outside = try QueueFixture()
        try outside.driver.writeDescriptor(index: 0, address: QueueFixture.memorySize - 16, length: 32, flags: 4, next: 0)
        try outside.driver.publish(head: 0)
        expectMalformed(outside, "indirect table")

        // Nested indirect.
        let nested = try QueueFixture()
        let table = nested.data(9)
        try nested.driver.writeDescriptor(table: table, index: 0, address: table, length: 16, flags: 4, next: 0)
        try nested.driver.writeDescriptor(index: 0, address: table, length: 16, flags: 4, next: 0)
        try nested.driver.publish(head: 0)
        expectMalformed(nested, "contains an indirect")

        // A loop inside the indirect table.
        let looping = try QueueFixture()
        let loopTable = looping.data(9)
        try looping.driver.writeDescriptor(table: loopTable, index: 0, address: looping.data(0), length: 8, flags: 1, next: 1)
        try looping.driver.writeDescriptor(table: loopTable, index: 1, address: looping.data(1), length: 8, flags: 1, next: 0)
        try looping.driver.writeDescriptor(index: 0, address: loopTable, length: 32, flags: 4, next: 0)
        try looping.driver.publish(head: 0)
        expectMalformed(looping, "loops")

        // INDIRECT together with NEXT.
        let both = try QueueFixture()
        try both.driver.writeDescriptor(index: 0, address: both.data(9), length: 16, flags: 5, next: 1)
        try both.driver.publish(head: 0)
        expectMalformed(both, "NEXT")
    }

    @Test func queueOutsideGuestMemoryCannotBeCreated() throws {
        let memory = try GuestMemory(ranges: [(GuestAddress(0), 1 << 20)])
        let driver = GuestQueueDriver(memory: memory, size: 256, base: (1 << 20) - 0x800)
        #expect(throws: VirtioError.self) {
            _ = try VirtQueue(index: 0, configuration: driver.configuration, memory: memory,
                              features: VirtioFeatures.transportOffered)
        }
        var badSize = GuestQueueDriver(memory: memory, size: 8, base: 0x1000).configuration
        badSize.size = 6
        #expect(throws: VirtioError.self) {
            _ = try VirtQueue(index: 0, configuration: badSize, memory: memory, features: VirtioFeatures.version1)
        }
    }
}
