import Testing
import VesselDevices

@Suite struct IOBusTests {
    @Test func dispatchesToTheCoveringDeviceWithRelativeOffsets() throws {
        let low = RecordingDevice(tag: 0x11)
        let high = RecordingDevice(tag: 0x22)
        var builder = IOBusBuilder()
        try builder.register(high, base: 0x3F8, length: 8)
        try builder.register(low, base: 0x60, length: 5)
        let bus = builder.build()

        #expect(bus.readBytes(0x64, count: 1) == [0x11])
        #expect(bus.writeBytes(0x3FB, [0x83]))
        #expect(bus.readBytes(0x3F8, count: 2) == [0x22, 0x22])
        #expect(low.log == [.init(offset: 4, bytes: [0x11], isWrite: false)])
        #expect(high.log == [.init(offset: 3, bytes: [0x83], isWrite: true),
                             .init(offset: 0, bytes: [0x22, 0x22], isWrite: false)])
        #expect(bus.ranges.map(\.base) == [0x60, 0x3F8])
    }

    @Test func reportsUnclaimedPortsWithoutTouchingData() throws {
        var builder = IOBusBuilder()
        try builder.register(RecordingDevice(tag: 1), base: 0x70, length: 2)
        let bus = builder.build()
        #expect(bus.readBytes(0x6F, count: 1) == nil)
        #expect(bus.readBytes(0x72, count: 1) == nil)
        #expect(bus.readBytes(0x0, count: 1) == nil)
        #expect(!bus.writeBytes(0xFFFF, [1]))
        var untouched: UInt8 = 0x5A
        let handled = withUnsafeMutableBytes(of: &untouched) { bus.read(port: 0x80, into: $0) }
        #expect(!handled)
        #expect(untouched == 0x5A)
        #expect(IOBus().readBytes(0x3F8, count: 1) == nil)
    }

    @Test func doesNotDeliverAccessesThatStraddleARangeEnd() throws {
        let device = RecordingDevice(tag: 7)
        let neighbour = RecordingDevice(tag: 8)
        var builder = IOBusBuilder()
        try builder.register(device, base: 0x600, length: 3)
        try builder.register(neighbour, base: 0x603, length: 1)
        let bus = builder.build()

        #expect(bus.readBytes(0x601, count: 2) == [7, 7])   // 0x601-0x602: inside
        #expect(bus.readBytes(0x602, count: 2) == nil)      // 0x602-0x603: crosses into the neighbour
        #expect(!bus.writeBytes(0x5FF, [0, 0, 0, 0]))       // starts before the range
        #expect(bus.readBytes(0x600, count: 4) == nil)
        #expect(bus.readBytes(0x600, count: 0) == nil)      // empty access
        #expect(device.log.count == 1)
        #expect(neighbour.log.isEmpty)
    }

    @Test func coversTheLastPort() throws {
        var builder = IOBusBuilder()
        try builder.register(RecordingDevice(tag: 9), base: 0xFFFC, length: 4)
        let bus = builder.build()
        #expect(bus.readBytes(0xFFFC, count: 4) == [9, 9, 9, 9])
        #expect(bus.readBytes(0xFFFF, count: 1) == [9])
        #expect(bus.readBytes(0xFFFF, count: 2) == nil)
    }

    @Test func refusesOverlappingEmptyAndOversizedRanges() throws {
        var builder = IOBusBuilder()
        try builder.register(RecordingDevice(tag: 1), base: 0x3F8, length: 8)
        let other = RecordingDevice(tag: 2)

        #expect(throws: DeviceError.overlappingRange(bus: .port, base: 0x3FF, length: 2,
                                                     existingBase: 0x3F8, existingLength: 8)) {
            try builder.register(other, base: 0x3FF, length: 2)
        }
        #expect(throws: DeviceError.self) { try builder.register(other, base: 0x3F0, length: 9) }
        #expect(throws: DeviceError.self) { try builder.register(other, base: 0x3F0, length: 0x20) }
        #expect(throws: DeviceError.self) { try builder.register(other, base: 0x3FA, length: 1) }
        #expect(throws: DeviceError.emptyRange(bus: .port, base: 0x80)) {
            try builder.register(other, base: 0x80, length: 0)
        }
        #expect(throws: DeviceError.self) { try builder.register(other, base: 0x80, length: -1) }
        #expect(throws: DeviceError.rangeOutOfBounds(bus: .port, base: 0xFFFF, length: 2)) {
            try builder.register(other, base: 0xFFFF, length: 2)
        }
        // Adjacent ranges on both sides are fine.
        try builder.register(other, base: 0x3F0, length: 8)
        try builder.register(other, base: 0x400, length: 1)
        #expect(builder.ranges.map(\.base) == [0x3F0, 0x3F8, 0x400])
    }

    @Test func errorDescriptionsAreOneLine() {
        let errors: [DeviceError] = [
            .emptyRange(bus: .port, base: 0x80),
            .rangeOutOfBounds(bus: .mmio, base: .max, length: 2),
            .overlappingRange(bus: .port, base: 0x3FF, length: 2, existingBase: 0x3F8, existingLength: 8),
        ]
        for error in errors {
            #expect(!error.description.isEmpty)
            #expect(!error.description.contains("\n"))
        }
        #expect(DeviceError.overlappingRange(bus: .port, base: 0x3FF, length: 2, existingBase: 0x3F8,
                                             existingLength: 8).description
                == "I/O port range 0x3ff+2 overlaps the registered range 0x3f8+8")
    }

    @Test func findsEachOfManyDevices() throws {
        var builder = IOBusBuilder()
        var devices: [RecordingDevice] = []
        // Register in a scrambled order to exercise sorted insertion.
        for slot in (0..<200).map({ ($0 * 73) % 200 }) {
            let device = RecordingDevice(tag: UInt8(slot % 256))
            devices.append(device)
            try builder.register(device, base: UInt16(0x1000 + slot * 4), length: 3)
        }
        let bus = builder.build()
        for slot in 0..<200 {
            #expect(bus.readBytes(UInt16(0x1000 + slot * 4 + 2), count: 1) == [UInt8(slot % 256)])
            #expect(bus.readBytes(UInt16(0x1000 + slot * 4 + 3), count: 1) == nil)
        }
    }
}
