import VesselMemory
import VesselVirtio

extension VirtioFuzzHarness {
    typealias R = VirtioMMIORegister

    /// An offset in the device's window: mostly a register or configuration byte, sometimes misaligned.
    func registerOffset(_ input: inout FuzzInput) -> UInt64 {
        switch input.byte() % 8 {
        case 0: return UInt64(input.integer(UInt16.self)) % R.windowSize
        case 1: return R.all[Int(input.byte()) % R.all.count] + UInt64(input.byte() % 4)
        case 2: return R.configuration + UInt64(input.byte() % 32)
        default: return R.all[Int(input.byte()) % R.all.count]
        }
    }

    /// KVM hands MMIO accesses of 1 to 8 bytes to the transport.
    func accessWidth(_ input: inout FuzzInput) -> Int {
        let selector = input.byte()
        return selector < 160 ? 4 : [1, 2, 8, 3, 5, 6, 7, 0][Int(selector) % 8]
    }

    func registerRead(_ input: inout FuzzInput) throws {
        let offset = registerOffset(&input)
        let width = accessWidth(&input)
        var bytes = [UInt8](repeating: 0xA5, count: width)
        bytes.withUnsafeMutableBytes { transport.read(offset: offset, into: $0) }
        statistics.mmioReads += 1
        try checkRead(offset: offset, bytes: bytes)
    }

    func checkRead(offset: UInt64, bytes: [UInt8]) throws {
        func fail(_ what: String) -> VirtioFuzzFailure {
            VirtioFuzzFailure("\(bytes.count)-byte read at 0x\(String(offset, radix: 16)) returned \(bytes): \(what)")
        }
        if offset >= R.configuration {
            let configuration = device.configuration.withLock { $0 }
            let base = Int(offset - R.configuration)
            let expected = (0..<bytes.count).map { base + $0 < configuration.count ? configuration[base + $0] : 0 }
            guard bytes == expected else { throw fail("configuration space holds \(expected)") }
            return
        }
        guard bytes.count == 4, offset % 4 == 0 else {
            guard bytes.allSatisfy({ $0 == 0 }) else { throw fail("a register access of another width reads as zero") }
            return
        }
        let value = UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24
        let expected: UInt32?
        switch offset {
        case R.magicValue: expected = R.magic
        case R.version: expected = 2
        case R.deviceID: expected = device.deviceType.rawValue
        case R.status: expected = transport.status.rawValue
        case R.queueSizeMaximum:
            let index = Int(selectedQueue)
            expected = index < device.queueMaximumSizes.count ? UInt32(device.queueMaximumSizes[index]) : 0
        default: expected = nil
        }
        if let expected, value != expected { throw fail("expected 0x\(String(expected, radix: 16))") }
    }

    func registerWrite(_ input: inout FuzzInput) throws {
        let offset = registerOffset(&input)
        let width = accessWidth(&input)
        let bytes = input.bytes(count: width)
        if width == 4 {
            try writeRegister(offset, value: UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24)
        } else {
            bytes.withUnsafeBytes { transport.write(offset: offset, data: $0) }
            statistics.mmioWrites += 1
        }
    }

    /// A 32-bit register write, mirrored into the driver's view of the queues and followed by the checks
    /// that depend on it (activation, reset).
    func writeRegister(_ offset: UInt64, value: UInt32) throws {
        withUnsafeBytes(of: value.littleEndian) { transport.write(offset: offset, data: $0) }
        statistics.mmioWrites += 1
        let index = Int(selectedQueue)
        let hasQueue = index < registerLayouts.count
        switch offset {
        case R.queueSelect: selectedQueue = value
        case R.queueSize where hasQueue: registerLayouts[index].size = UInt16(truncatingIfNeeded: value)
        case R.queueDescriptorLow where hasQueue: registerLayouts[index].descriptorTable = low(registerLayouts[index].descriptorTable, value)
        case R.queueDescriptorHigh where hasQueue: registerLayouts[index].descriptorTable = high(registerLayouts[index].descriptorTable, value)
        case R.queueDriverLow where hasQueue: registerLayouts[index].availableRing = low(registerLayouts[index].availableRing, value)
        case R.queueDriverHigh where hasQueue: registerLayouts[index].availableRing = high(registerLayouts[index].availableRing, value)
        case R.queueDeviceLow where hasQueue: registerLayouts[index].usedRing = low(registerLayouts[index].usedRing, value)
        case R.queueDeviceHigh where hasQueue: registerLayouts[index].usedRing = high(registerLayouts[index].usedRing, value)
        case R.status where value == 0: try checkReset()
        default: break
        }
        try synchroniseActivation()
    }

    private func low(_ old: UInt64, _ value: UInt32) -> UInt64 { (old & 0xFFFF_FFFF_0000_0000) | UInt64(value) }
    private func high(_ old: UInt64, _ value: UInt32) -> UInt64 { (old & 0xFFFF_FFFF) | UInt64(value) << 32 }

    /// Writing zero to status resets the device: nothing active, no status, no pending interrupt.
    func checkReset() throws {
        selectedQueue = 0
        registerLayouts = device.queueMaximumSizes.map { QueueLayout(size: $0) }
        let status = transport.status.rawValue
        let interrupt = transport.interrupt.pendingStatus
        let active = device.activation.withLock { $0 != nil }
        guard status == 0, interrupt == 0, !active else {
            throw VirtioFuzzFailure("after a reset: status 0x\(String(status, radix: 16)), interrupt \(interrupt), device active \(active)")
        }
    }

    /// Picks up a new activation (checking what the transport negotiated) or forgets a reset one.
    func synchroniseActivation() throws {
        let current = device.activation.withLock { $0 }
        guard let current else {
            activation = nil
            activatedQueues = []
            return
        }
        let count = device.activations.load(ordering: .relaxed)
        guard count != seenActivations else { return }
        seenActivations = count
        statistics.activations += 1
        let offered = transport.offeredFeatures
        guard current.features & ~offered == 0, current.features & VirtioFeatures.version1 != 0 else {
            throw VirtioFuzzFailure("activated with features 0x\(String(current.features, radix: 16)) of offered 0x\(String(offered, radix: 16))")
        }
        guard current.queues.count == device.queueMaximumSizes.count else {
            throw VirtioFuzzFailure("activated with \(current.queues.count) queues")
        }
        activation = current
        activatedQueues = []
        for (index, queue) in current.queues.enumerated() {
            let maximum = device.queueMaximumSizes[index]
            guard queue.size > 0, queue.size <= maximum, queue.size & (queue.size - 1) == 0 else {
                throw VirtioFuzzFailure("queue \(index) activated with size \(queue.size), maximum \(maximum)")
            }
            var layout = registerLayouts[index]
            layout.size = queue.size
            layout.availableIndex = (try? memory.readInteger(at: GuestAddress(layout.availableRing &+ 2))) ?? 0
            activatedQueues.append(FuzzQueue(queue: queue, layout: layout, isActivated: true))
        }
    }

    /// The initialisation sequence of Virtio 1.2, 3.1.1 with input-chosen features, sizes and ring
    /// addresses (sometimes skipping or garbling a step), so activation is reached often.
    func initialiseThroughRegisters(_ input: inout FuzzInput) throws {
        try writeRegister(R.status, value: 0)
        try writeRegister(R.status, value: 1)
        try writeRegister(R.status, value: 1 | 2)
        var features = transport.offeredFeatures
        switch input.byte() % 8 {
        case 0: features &= input.integer(UInt64.self)
        case 1: features |= VirtioFeatures.bit(40)
        case 2: features &= ~VirtioFeatures.version1
        default: features &= ~(UInt64(input.byte() & 3) << 28)
        }
        try writeRegister(R.driverFeaturesSelect, value: 0)
        try writeRegister(R.driverFeatures, value: UInt32(truncatingIfNeeded: features))
        try writeRegister(R.driverFeaturesSelect, value: 1)
        try writeRegister(R.driverFeatures, value: UInt32(truncatingIfNeeded: features >> 32))
        try writeRegister(R.status, value: 1 | 2 | 8)
        var base = UInt64(input.byte()) * 0x100
        for index in device.queueMaximumSizes.indices {
            try writeRegister(R.queueSelect, value: UInt32(index))
            let maximum = device.queueMaximumSizes[index]
            let size = input.byte() % 4 == 0 ? input.queueSize() : maximum >> UInt16(input.byte() % 4)
            var layout = QueueLayout.packed(size: size, base: base)
            if input.byte() % 8 == 0 {
                layout = QueueLayout.packed(size: size, base: input.guestAddress())
            }
            if input.boolean() {
                let footprint = layout.usedRing &+ 6 &+ 8 &* UInt64(size) &- layout.descriptorTable
                try? memory.zero(at: GuestAddress(layout.descriptorTable), count: Int(truncatingIfNeeded: footprint))
            }
            try writeRegister(R.queueSize, value: UInt32(size))
            try writeRegister(R.queueDescriptorLow, value: UInt32(truncatingIfNeeded: layout.descriptorTable))
            try writeRegister(R.queueDescriptorHigh, value: UInt32(truncatingIfNeeded: layout.descriptorTable >> 32))
            try writeRegister(R.queueDriverLow, value: UInt32(truncatingIfNeeded: layout.availableRing))
            try writeRegister(R.queueDriverHigh, value: UInt32(truncatingIfNeeded: layout.availableRing >> 32))
            try writeRegister(R.queueDeviceLow, value: UInt32(truncatingIfNeeded: layout.usedRing))
            try writeRegister(R.queueDeviceHigh, value: UInt32(truncatingIfNeeded: layout.usedRing >> 32))
            try writeRegister(R.queueReady, value: input.byte() % 16 == 0 ? 0 : 1)
            base = (layout.usedRing &+ 6 &+ 8 &* UInt64(size) &+ 0xFFF) & ~0xFFF
        }
        let finalStatus: UInt32 = input.byte() % 8 == 0 ? UInt32(input.byte()) : 1 | 2 | 8 | 4
        try writeRegister(R.status, value: finalStatus)
    }
}
