import Testing
import VesselDevices

@Suite struct MMIOBusTests {
    private func read(_ bus: MMIOBus, _ address: UInt64, count: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        let handled = bytes.withUnsafeMutableBytes { bus.read(address: address, into: $0) }
        return handled ? bytes : nil
    }

    @Test func dispatchesByGuestPhysicalAddress() throws {
        let first = RecordingDevice(tag: 0xA1)
        let second = RecordingDevice(tag: 0xB2)
        var builder = MMIOBusBuilder()
        try builder.register(second, base: 0xD000_1000, length: 0x1000)
        try builder.register(first, base: 0xD000_0000, length: 0x1000)
        let bus = builder.build()

        #expect(read(bus, 0xD000_0FFC, count: 4) == [0xA1, 0xA1, 0xA1, 0xA1])
        #expect(read(bus, 0xD000_1070, count: 4) == [0xB2, 0xB2, 0xB2, 0xB2])
        #expect(read(bus, 0xD000_0FFE, count: 4) == nil)   // straddles the two devices
        #expect(read(bus, 0xCFFF_FFFF, count: 1) == nil)
        #expect(read(bus, 0xD000_2000, count: 1) == nil)
        let written = [UInt8](arrayLiteral: 1, 2, 3, 4)
        #expect(written.withUnsafeBytes { bus.write(address: 0xD000_1050, data: $0) })
        #expect(second.log.last == .init(offset: 0x50, bytes: [1, 2, 3, 4], isWrite: true))
        #expect(first.log == [.init(offset: 0xFFC, bytes: [0xA1, 0xA1, 0xA1, 0xA1], isWrite: false)])
    }

    @Test func acceptsARangeEndingAtTheTopOfTheAddressSpace() throws {
        var builder = MMIOBusBuilder()
        try builder.register(RecordingDevice(tag: 3), base: UInt64.max - 0xFFF, length: 0x1000)
        let bus = builder.build()
        #expect(read(bus, UInt64.max - 7, count: 8) == [3, 3, 3, 3, 3, 3, 3, 3])
        #expect(read(bus, UInt64.max, count: 2) == nil)
    }

    @Test func refusesBadRanges() throws {
        var builder = MMIOBusBuilder()
        let device = RecordingDevice(tag: 0)
        try builder.register(device, base: 0x1000, length: 0x1000)
        #expect(throws: DeviceError.emptyRange(bus: .mmio, base: 0x5000)) {
            try builder.register(device, base: 0x5000, length: 0)
        }
        #expect(throws: DeviceError.rangeOutOfBounds(bus: .mmio, base: UInt64.max, length: 2)) {
            try builder.register(device, base: UInt64.max, length: 2)
        }
        #expect(throws: DeviceError.self) { try builder.register(device, base: 0x1FFF, length: 1) }
        #expect(throws: DeviceError.self) { try builder.register(device, base: 0, length: 0x1001) }
        #expect(throws: DeviceError.self) { try builder.register(device, base: 0, length: UInt64.max) }
        try builder.register(device, base: 0, length: 0x1000)
        #expect(builder.ranges.map(\.base) == [0, 0x1000])
    }
}
