import Logging
import Testing
import VesselMemory
import VesselVirtio
import VesselVirtioDevices
import VesselVirtioTesting
#if canImport(Glibc)
import Glibc
#endif

@Suite struct BlockDeviceTests {
    static let ok: UInt8 = 0, ioError: UInt8 = 1, unsupported: UInt8 = 2
    static let read: UInt32 = 0, write: UInt32 = 1, flush: UInt32 = 4, getIdentifier: UInt32 = 8
    static let discard: UInt32 = 11, writeZeroes: UInt32 = 13

    func harness(_ image: BlockTestImage, readOnly: Bool = false, serial: String = "vessel-disk-1") throws -> DeviceHarness {
        let blockImage = try BlockImage(path: image.path, readOnly: readOnly)
        return try DeviceHarness(device: { loop in
            BlockDevice(image: blockImage, serial: serial, loop: loop, logger: Logger(label: "test"))
        })
    }

    @Test func configurationSpaceCarriesCapacityAndLimits() throws {
        let image = try #require(BlockTestImage(size: 1 << 20))
        let harness = try harness(image)
        let capacity = UInt64(harness.driver.read(0x100)) | UInt64(harness.driver.read(0x104)) << 32
        #expect(capacity == 2048)
        #expect(harness.driver.read(0x100 + 12) == 254)  // seg_max
        #expect(harness.driver.read(0x100 + 20) == 512)  // blk_size
        #expect(harness.driver.read(0x100 + 36) > 0)  // max_discard_sectors
        let features = harness.driver.offeredFeatures()
        for bit in [2, 6, 9, 13, 14] { #expect(features & (1 << UInt64(bit)) != 0, "feature \(bit)") }
        #expect(features & (1 << 5) == 0)
    }

    @Test func readsTheImageIntoScatteredGuestBuffers() throws {
        let image = try #require(BlockTestImage(size: 1 << 20))
        let harness = try harness(image)
        let answer = try harness.blockRequest(type: Self.read, sector: 5, dataLength: 4096, dataSegments: 3)
        #expect(answer.status == Self.ok)
        #expect(answer.usedLength == 4097)
        let guest = try harness.memory.read(at: GuestAddress(DeviceHarness.blockData), count: 4096)
        #expect(guest == image.read(at: 5 * 512, count: 4096))
        #expect(harness.interruptCount >= 1)
    }

    @Test func writesGuestBytesToTheImage() throws {
        let image = try #require(BlockTestImage(size: 1 << 20))
        let harness = try harness(image)
        let bytes = (0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 3) }
        try harness.memory.write(bytes, at: GuestAddress(DeviceHarness.blockData))
        let answer = try harness.blockRequest(type: Self.write, sector: 100, dataLength: 8192, dataSegments: 4,
                                              dataWritable: false)
        #expect(answer.status == Self.ok)
        #expect(answer.usedLength == 1)
        #expect(image.read(at: 100 * 512, count: 8192) == bytes)
        #expect(try harness.blockRequest(type: Self.flush, sector: 0).status == Self.ok)
        #expect(image.fileSize == 1 << 20)
    }

    @Test func getIdentifierAnswersTheSerialPadded() throws {
        let image = try #require(BlockTestImage(size: 1 << 20))
        let harness = try harness(image, serial: "data")
        try harness.memory.write([UInt8](repeating: 0xFF, count: 20), at: GuestAddress(DeviceHarness.blockData))
        let answer = try harness.blockRequest(type: Self.getIdentifier, sector: 0, dataLength: 20)
        #expect(answer.status == Self.ok)
        #expect(answer.usedLength == 21)
        let serial = try harness.memory.read(at: GuestAddress(DeviceHarness.blockData), count: 20)
        #expect(serial == Array("data".utf8) + [UInt8](repeating: 0, count: 16))
    }

    @Test func readOnlyDiskRefusesWritesAndErasure() throws {
        let image = try #require(BlockTestImage(size: 1 << 20))
        let harness = try harness(image, readOnly: true)
        #expect(harness.driver.offeredFeatures() & (1 << 5) != 0)
        let before = image.read(at: 0, count: 4096)
        try harness.memory.write([UInt8](repeating: 0x55, count: 4096), at: GuestAddress(DeviceHarness.blockData))
        let answer = try harness.blockRequest(type: Self.write, sector: 0, dataLength: 4096, dataWritable: false)
        #expect(answer.status == Self.ioError)
        let segment = DeviceHarness.blockSegment(sector: 0, sectors: 8, flags: 0)
        #expect(try harness.blockRequest(type: Self.writeZeroes, sector: 0, extraReadable: segment).status == Self.unsupported)
        #expect(try harness.blockRequest(type: Self.discard, sector: 0, extraReadable: segment).status == Self.unsupported)
        #expect(image.read(at: 0, count: 4096) == before)
        #expect(try harness.blockRequest(type: Self.read, sector: 0, dataLength: 512).status == Self.ok)
    }

    @Test(arguments: [
        (sector: UInt64(2048), length: UInt32(512)),  // starts at the end
        (sector: UInt64(2047), length: UInt32(1024)),  // crosses the end
        (sector: UInt64.max, length: UInt32(512)),  // sector * 512 overflows
        (sector: UInt64.max / 512, length: UInt32(512)),  // offset + length overflows
        (sector: UInt64(0), length: UInt32(100)),  // not whole sectors
    ])
    func outOfRangeOrPartialSectorsAreIOErrors(sector: UInt64, length: UInt32) throws {
        let image = try #require(BlockTestImage(size: 1 << 20))
        let harness = try harness(image)
        #expect(try harness.blockRequest(type: Self.read, sector: sector, dataLength: length).status == Self.ioError)
        let before = image.read(at: 0, count: 1 << 20)
        #expect(try harness.blockRequest(type: Self.write, sector: sector, dataLength: length, dataWritable: false).status
            == Self.ioError)
        #expect(image.read(at: 0, count: 1 << 20) == before)
        #expect(image.fileSize == 1 << 20)
    }

    @Test func writeZeroesAndDiscardClearTheRange() throws {
        let image = try #require(BlockTestImage(size: 1 << 20))
        let harness = try harness(image)
        let zeroed = DeviceHarness.blockSegment(sector: 8, sectors: 16, flags: 0)
        let unmapped = DeviceHarness.blockSegment(sector: 64, sectors: 16, flags: 1)
        #expect(try harness.blockRequest(type: Self.writeZeroes, sector: 0, extraReadable: zeroed + unmapped).status
            == Self.ok)
        #expect(image.read(at: 8 * 512, count: 16 * 512) == [UInt8](repeating: 0, count: 16 * 512))
        #expect(image.read(at: 64 * 512, count: 16 * 512) == [UInt8](repeating: 0, count: 16 * 512))
        #expect(image.read(at: 24 * 512, count: 512).contains { $0 != 0 })  // neighbours untouched
        let allocated = image.allocatedBytes
        let discarded = DeviceHarness.blockSegment(sector: 256, sectors: 512, flags: 0)
        #expect(try harness.blockRequest(type: Self.discard, sector: 0, extraReadable: discarded).status == Self.ok)
        // ext4 and tmpfs punch holes: the file keeps its size and gives back the 256 KiB (less any extent
        // tree block the split costs).
        #expect(image.fileSize == 1 << 20)
        #expect(image.allocatedBytes <= allocated - 192 * 1024)
    }

    @Test func malformedEraseRequestsAreRefused() throws {
        let image = try #require(BlockTestImage(size: 1 << 20))
        let harness = try harness(image)
        let before = image.read(at: 0, count: 1 << 20)
        let beyond = DeviceHarness.blockSegment(sector: 2040, sectors: 16, flags: 0)
        #expect(try harness.blockRequest(type: Self.writeZeroes, sector: 0, extraReadable: beyond).status == Self.ioError)
        let unmapOnDiscard = DeviceHarness.blockSegment(sector: 0, sectors: 8, flags: 1)
        #expect(try harness.blockRequest(type: Self.discard, sector: 0, extraReadable: unmapOnDiscard).status
            == Self.unsupported)
        #expect(try harness.blockRequest(type: Self.discard, sector: 0, extraReadable: [1, 2, 3]).status == Self.ioError)
        #expect(try harness.blockRequest(type: Self.discard, sector: 0).status == Self.ioError)
        #expect(image.read(at: 0, count: 1 << 20) == before)
    }

    @Test func shortHeaderAndUnknownTypeGetAStatus() throws {
        let image = try #require(BlockTestImage(size: 1 << 20))
        let harness = try harness(image)
        #expect(try harness.blockRequest(type: Self.read, sector: 0, dataLength: 512, headerLength: 8).status
            == Self.ioError)
        #expect(try harness.blockRequest(type: 77, sector: 0, dataLength: 512).status == Self.unsupported)
        #expect(try harness.blockRequest(type: Self.read, sector: 1, dataLength: 512).status == Self.ok)
    }

    @Test func requestWithoutStatusByteBreaksTheDeviceUntilReset() throws {
        let image = try #require(BlockTestImage(size: 1 << 20))
        let harness = try harness(image)
        try harness.queues[0].addChain([(DeviceHarness.blockHeader, 16, false)])
        harness.driver.notify(queue: 0)
        try harness.waitUntil { harness.driver.status & 64 != 0 }
        let queues = try #require(try harness.driver.initialise())
        try harness.memory.writeInteger(Self.read, at: GuestAddress(DeviceHarness.blockHeader))
        try queues[0].addChain([(DeviceHarness.blockHeader, 16, false), (DeviceHarness.blockStatus, 1, true)])
        harness.driver.notify(queue: 0)
        #expect(try harness.waitForUsed(queues[0], count: 1)[0].length == 1)
    }

    @Test func fullHostFileSystemIsAnIOErrorNotACrash() throws {
        guard getuid() == 0 else {
            print("SKIP: mounting a small tmpfs needs root")
            return
        }
        let image = try #require(BlockTestImage(size: 8 << 20, pattern: false, tmpfsBytes: 256 << 10))
        let harness = try harness(image)
        try harness.memory.write([UInt8](repeating: 0x5A, count: 1 << 20), at: GuestAddress(DeviceHarness.blockData))
        let answer = try harness.blockRequest(type: Self.write, sector: 0, dataLength: 1 << 20, dataSegments: 4,
                                              dataWritable: false)
        #expect(answer.status == Self.ioError)
        // The device keeps serving after the host error.
        #expect(try harness.blockRequest(type: Self.read, sector: 4096, dataLength: 512).status == Self.ok)
    }
}
