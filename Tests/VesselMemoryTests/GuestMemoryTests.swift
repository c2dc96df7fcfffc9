import Testing
@testable import VesselMemory

@Suite struct GuestMemoryTests {
    let memory: GuestMemory

    init() throws {
        memory = try GuestMemory(ranges: [(GuestAddress(0), 0x10000), (GuestAddress(0x100000), 0x1000)])
    }

    @Test func roundTripsIntegersLittleEndian() throws {
        try memory.writeInteger(UInt32(0x1122_3344), at: GuestAddress(0x10))
        #expect(try memory.read(at: GuestAddress(0x10), count: 4) == [0x44, 0x33, 0x22, 0x11])
        #expect(try memory.readInteger(at: GuestAddress(0x10), as: UInt32.self) == 0x1122_3344)
        try memory.writeInteger(UInt64.max, at: GuestAddress(0x100000 + 0x1000 - 8))
        #expect(try memory.readInteger(at: GuestAddress(0x100000 + 0x1000 - 8), as: UInt64.self) == .max)
    }

    @Test func refusesAccessPastTheEndOfARegion() {
        #expect(throws: GuestMemoryError.outOfRange(address: GuestAddress(0xFFFF), length: 2)) {
            try memory.writeInteger(UInt16(1), at: GuestAddress(0xFFFF))
        }
        #expect(throws: GuestMemoryError.self) { try memory.read(at: GuestAddress(0x100000 + 0xFFF), count: 2) }
    }

    @Test func refusesAccessInTheHoleBetweenRegions() {
        #expect(throws: GuestMemoryError.self) { try memory.read(at: GuestAddress(0x20000), count: 1) }
        #expect(!memory.contains(GuestAddress(0xFFF0), length: 0x100000))
    }

    @Test func refusesRangesThatWrapOrAreHuge() {
        #expect(throws: GuestMemoryError.self) { try memory.read(at: GuestAddress(UInt64.max), count: 2) }
        #expect(!memory.contains(GuestAddress(0x10), length: UInt64.max))
        #expect(throws: GuestMemoryError.self) { try memory.read(at: GuestAddress(0), count: -1) }
    }

    @Test func refusesOverlappingAndEmptyRegions() {
        #expect(throws: GuestMemoryError.self) {
            try GuestMemory(ranges: [(GuestAddress(0), 0x2000), (GuestAddress(0x1000), 0x1000)])
        }
        #expect(throws: GuestMemoryError.self) { try GuestMemory(ranges: [(GuestAddress(0), 0)]) }
        #expect(throws: GuestMemoryError.self) { try GuestMemory(ranges: [(GuestAddress(UInt64.max - 10), 0x1000)]) }
    }

    @Test func startsZeroedAndReportsTotalSize() throws {
        #expect(try memory.read(at: GuestAddress(0x100), count: 16) == Array(repeating: 0, count: 16))
        #expect(memory.totalSize == 0x11000)
    }
}
