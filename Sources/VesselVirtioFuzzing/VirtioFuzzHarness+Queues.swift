import VesselMemory
import VesselVirtio

extension VirtioFuzzHarness {
    /// Runs `body` on the direct queue or one of the activation's queues, as the input chooses.
    func withQueue(_ input: inout FuzzInput, _ body: (inout FuzzQueue, inout FuzzInput) throws -> Void) throws {
        let choice = Int(input.byte()) % (activatedQueues.count + 1)
        if choice < activatedQueues.count {
            try body(&activatedQueues[choice], &input)
        } else if var queue = directQueue {
            try body(&queue, &input)
            directQueue = queue
        }
    }

    /// Runs a device-side queue call. Guest-caused failures must be `VirtioError`s; for an activated queue
    /// the harness reports them as a real device does, and the transport must then ask for a reset.
    func guarded(_ queue: FuzzQueue, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as VirtioError {
            statistics.queueErrors += 1
            if queue.isActivated, let activation {
                activation.reportBroken(error)
                statistics.brokenReports += 1
                guard transport.status.contains(.deviceNeedsReset) else {
                    throw VirtioFuzzFailure("queue \(queue.queue.index): reportBroken(\(error)) did not set DEVICE_NEEDS_RESET")
                }
            }
        } catch let failure as VirtioFuzzFailure {
            throw failure
        } catch {
            throw VirtioFuzzFailure("queue \(queue.queue.index) threw a non-virtio error: \(error)")
        }
    }

    func createDirectQueue(_ input: inout FuzzInput) throws {
        var configuration = VirtQueueConfiguration(maximumSize: input.queueSize())
        configuration.size = input.queueSize()
        var layout = QueueLayout.packed(size: configuration.size, base: input.guestAddress())
        if input.byte() % 4 == 0 {
            layout.descriptorTable = input.guestAddress()
            layout.availableRing = input.guestAddress()
            layout.usedRing = input.guestAddress()
        }
        configuration.descriptorTable = layout.descriptorTable
        configuration.availableRing = layout.availableRing
        configuration.usedRing = layout.usedRing
        let features = UInt64(input.byte() & 3) << 28
        let queue: VirtQueue
        do {
            queue = try VirtQueue(index: 0, configuration: configuration, memory: memory, features: features)
        } catch is VirtioError {
            statistics.queueErrors += 1
            return
        } catch {
            throw VirtioFuzzFailure("VirtQueue.init threw a non-virtio error: \(error)")
        }
        try checkAccepted(configuration, features: features)
        layout.availableIndex = (try? memory.readInteger(at: GuestAddress(layout.availableRing + 2))) ?? 0
        statistics.queuesCreated += 1
        directQueue = FuzzQueue(queue: queue, layout: layout, isActivated: false)
    }

    func writeDescriptor(_ input: inout FuzzInput) {
        let layout = directQueue?.layout ?? registerLayouts[0]
        let inIndirectTable = input.byte() % 4 == 0
        let table = inIndirectTable ? input.guestAddress() : layout.descriptorTable
        let index = input.boolean() ? input.integer(UInt16.self) : UInt16(input.byte()) % max(layout.size, 1)
        let flags = input.byte() % 8 == 0 ? input.integer(UInt16.self) : UInt16(input.byte() & 7)
        let next = input.boolean() ? input.integer(UInt16.self) : UInt16(input.byte() % 16)
        putDescriptor(table: table, index: index, address: input.guestAddress(), length: input.bufferLength(),
                      flags: flags, next: next)
    }

    /// Writes a NEXT-linked chain (in the queue's table or in an indirect table behind one descriptor)
    /// and publishes it: random bytes rarely build one, and well-formed chains reach the deep paths.
    func writeChain(_ input: inout FuzzInput) {
        let target = Int(input.byte()) % (activatedQueues.count + 1)
        guard var layout = target < activatedQueues.count ? activatedQueues[target].layout : directQueue?.layout,
              layout.size > 0 else { return }
        let count = Int(input.byte() % 8) + 1
        let indirect = input.byte() % 3 == 0
        let head = UInt16(input.byte()) % layout.size
        let table = indirect ? input.guestAddress() & ~15 : layout.descriptorTable
        var writable = false
        for position in 0..<count {
            let index = indirect ? UInt16(position) : (head &+ UInt16(position)) % layout.size
            let next = indirect ? index &+ 1 : (index &+ 1) % layout.size
            // A toggle back to readable after writable buffers must be refused by the parser.
            let flip = input.byte() % 3
            writable = flip == 0 ? !writable : writable
            let flags: UInt16 = (position == count - 1 ? 0 : 1) | (writable ? 2 : 0)
            putDescriptor(table: table, index: index, address: input.likelyValidAddress(),
                          length: input.likelyValidLength(), flags: flags, next: next)
        }
        if indirect {
            putDescriptor(table: layout.descriptorTable, index: head, address: table, length: UInt32(count) * 16,
                          flags: 4, next: 0)
        }
        publish(head: head, layout: &layout)
        if target < activatedQueues.count {
            activatedQueues[target].layout = layout
        } else {
            directQueue?.layout = layout
        }
    }

    func putDescriptor(table: UInt64, index: UInt16, address: UInt64, length: UInt32, flags: UInt16, next: UInt16) {
        let entry = table &+ 16 &* UInt64(index)
        try? memory.writeInteger(address, at: GuestAddress(entry))
        try? memory.writeInteger(length, at: GuestAddress(entry &+ 8))
        try? memory.writeInteger(flags, at: GuestAddress(entry &+ 12))
        try? memory.writeInteger(next, at: GuestAddress(entry &+ 14))
    }

    func publish(_ input: inout FuzzInput) {
        try? withQueue(&input) { queue, input in
            let head = input.byte() % 8 == 0 ? input.integer(UInt16.self) : UInt16(input.byte()) % max(queue.layout.size, 1)
            publish(head: head, layout: &queue.layout)
        }
    }

    func publish(head: UInt16, layout: inout QueueLayout) {
        let slot = layout.availableRing &+ 4 &+ 2 &* UInt64(layout.availableIndex % max(layout.size, 1))
        try? memory.writeInteger(head, at: GuestAddress(slot))
        layout.availableIndex &+= 1
        try? memory.writeInteger(layout.availableIndex, at: GuestAddress(layout.availableRing &+ 2))
    }

    /// The driver-written ring fields other than entries: flags, the available index and used_event.
    func writeRingField(_ input: inout FuzzInput) {
        try? withQueue(&input) { queue, input in
            let ring = queue.layout.availableRing
            let value = input.integer(UInt16.self)
            switch input.byte() % 4 {
            case 0: try? memory.writeInteger(value, at: GuestAddress(ring))
            case 1: try? memory.writeInteger(value, at: GuestAddress(ring &+ 4 &+ 2 &* UInt64(queue.layout.size)))
            default:
                queue.layout.availableIndex = value
                try? memory.writeInteger(value, at: GuestAddress(ring &+ 2))
            }
        }
    }

    /// Jumps the device's indexes, mostly close to the 16-bit wrap.
    func restoreIndexes(_ input: inout FuzzInput) {
        try? withQueue(&input) { queue, input in
            let available = input.boolean() ? UInt16.max &- UInt16(input.byte() % 16) : input.integer(UInt16.self)
            let used = input.boolean() ? available : input.integer(UInt16.self)
            queue.queue.restore(nextAvailable: available, nextUsed: used)
            queue.layout.availableIndex = available
            queue.popped.removeAll()
        }
    }

    func pop(_ input: inout FuzzInput) throws {
        try withQueue(&input) { queue, input in
            try guarded(queue) {
                guard let chain = try queue.queue.popAvailable() else { return }
                try check(chain, from: queue.queue)
                queue.popped.append(chain.headIndex)
                statistics.chainsPopped += 1
                try exerciseCopies(chain, &input)
            }
        }
    }

    func addUsed(_ input: inout FuzzInput) throws {
        try withQueue(&input) { queue, input in
            let head = input.byte() % 4 == 0 || queue.popped.isEmpty ? input.integer(UInt16.self) : queue.popped.removeLast()
            let length = input.bufferLength()
            let before = queue.queue.nextUsed
            try guarded(queue) {
                try queue.queue.addUsed(headIndex: head, length: length)
                statistics.usedAdded += 1
                try checkPublished(queue, head: head, length: length, usedBefore: before)
            }
            if head >= queue.queue.size && queue.queue.nextUsed != before {
                throw VirtioFuzzFailure("addUsed accepted head \(head) in a queue of \(queue.queue.size)")
            }
        }
    }

    /// serveAvailable with a handler that writes, defers (nil) or rejects (a device error) as the input says.
    func serve(_ input: inout FuzzInput) throws {
        try withQueue(&input) { queue, input in
            let virtQueue = queue.queue
            try guarded(queue) {
                _ = try virtQueue.serveAvailable { chain in
                    try check(chain, from: virtQueue)
                    statistics.chainsPopped += 1
                    switch input.byte() % 8 {
                    case 0: return nil
                    case 1: throw VirtioError.badRequest("rejected by the fuzz device")
                    default:
                        let pattern = [UInt8](repeating: input.byte(), count: Int(input.byte()) * 4)
                        return UInt32(try chain.writeWritable(to: memory, offset: Int(input.byte()), bytes: pattern))
                    }
                }
            }
        }
    }

    func notification(_ input: inout FuzzInput) throws {
        try withQueue(&input) { queue, input in
            let operation = input.byte() % 3
            try guarded(queue) {
                switch operation {
                case 0:
                    let pending = try queue.queue.enableNotification()
                    guard try pending == queue.queue.hasAvailable() else {
                        throw VirtioFuzzFailure("enableNotification disagrees with hasAvailable")
                    }
                case 1: try queue.queue.disableNotification()
                default: _ = try queue.queue.needsInterrupt()
                }
            }
        }
    }
}
