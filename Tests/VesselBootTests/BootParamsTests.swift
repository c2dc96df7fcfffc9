import Testing
@testable import VesselBoot

@Suite struct BootParamsTests {
    @Test func fieldsAtTheirOffsets() throws {
        let header = try BzImageHeader(parsing: TestImages.bzImage())
        let e820 = try E820Map.standard(memorySize: 6 << 30).entries
        let params = BootParams(setupHeader: header.setupHeaderBytes, commandLineAddress: 0x1_0002_0000,
                                ramdiskAddress: 0x2_0fff_f000, ramdiskSize: 0x1_0000_1000, e820: e820,
                                rsdpAddress: 0xe0000)
        let bytes = try params.encoded()
        func u8(_ offset: Int) -> UInt8 { bytes[offset] }
        func u16(_ offset: Int) -> UInt16 { TestImages.read(UInt16.self, at: offset, in: bytes) }
        func u32(_ offset: Int) -> UInt32 { TestImages.read(UInt32.self, at: offset, in: bytes) }
        func u64(_ offset: Int) -> UInt64 { TestImages.read(UInt64.self, at: offset, in: bytes) }

        #expect(bytes.count == 4096)
        #expect(u64(0x070) == 0xe0000)  // acpi_rsdp_addr
        #expect(u32(0x0c0) == 0x2)  // ext_ramdisk_image
        #expect(u32(0x0c4) == 0x1)  // ext_ramdisk_size
        #expect(u32(0x0c8) == 0x1)  // ext_cmd_line_ptr
        #expect(u8(0x1e8) == UInt8(e820.count))  // e820_entries
        #expect(u8(0x1f1) == 4)  // setup_sects copied
        #expect(u16(0x1fe) == 0xaa55)  // boot_flag copied
        #expect(u32(0x202) == 0x5372_6448)  // "HdrS"
        #expect(u16(0x206) == 0x020f)
        #expect(u8(0x210) == 0xff)  // type_of_loader
        #expect(u8(0x211) == 0x81)  // LOADED_HIGH | CAN_USE_HEAP
        #expect(u32(0x218) == 0x0fff_f000)  // ramdisk_image
        #expect(u32(0x21c) == 0x1000)  // ramdisk_size
        #expect(u16(0x224) == 0xfe00)  // heap_end_ptr
        #expect(u32(0x228) == 0x0002_0000)  // cmd_line_ptr
        #expect(u32(0x22c) == 0x7fff_ffff)  // initrd_addr_max copied
        #expect(u32(0x238) == TestImages.bzImageCommandLineSize)
        #expect(u32(0x260) == TestImages.bzImageInitSize)
        for (index, entry) in e820.enumerated() {
            let offset = 0x2d0 + 20 * index
            #expect(u64(offset) == entry.address)
            #expect(u64(offset + 8) == entry.size)
            #expect(u32(offset + 16) == entry.type.rawValue)
        }
        // Nothing is written past the e820 table.
        #expect(bytes[(0x2d0 + 20 * e820.count)...].allSatisfy { $0 == 0 })
        // The header never spills past its limit even if the image claims a longer one.
        let long = BootParams(setupHeader: [UInt8](repeating: 0xee, count: 400), commandLineAddress: 0, e820: [],
                              rsdpAddress: 0)
        #expect(try long.encoded()[0x290] == 0)
    }

    @Test func tooManyE820Entries() {
        let entries = [E820Entry](repeating: E820Entry(address: 0, size: 1, type: .ram), count: 129)
        let params = BootParams(setupHeader: [], commandLineAddress: 0, e820: entries, rsdpAddress: 0)
        #expect(throws: BootError.tooManyMemoryMapEntries(count: 129, maximum: 128)) { try params.encoded() }
    }

    @Test func pvhStartInfoLayout() throws {
        let map = try E820Map.standard(memorySize: 256 << 20).entries
        let info = PVHStartInfo(commandLineAddress: 0x20000, rsdpAddress: 0xe0000, memoryMapAddress: 0x6100,
                                memoryMap: map, moduleListAddress: 0x6040, ramdisk: (address: 0x800_0000, size: 0x1234))
        let bytes = info.encodedStartInfo
        #expect(bytes.count == 56)
        #expect(TestImages.read(UInt32.self, at: 0, in: bytes) == 0x336e_c578)
        #expect(TestImages.read(UInt32.self, at: 4, in: bytes) == 1)
        #expect(TestImages.read(UInt32.self, at: 8, in: bytes) == 0)
        #expect(TestImages.read(UInt32.self, at: 12, in: bytes) == 1)
        #expect(TestImages.read(UInt64.self, at: 16, in: bytes) == 0x6040)
        #expect(TestImages.read(UInt64.self, at: 24, in: bytes) == 0x20000)
        #expect(TestImages.read(UInt64.self, at: 32, in: bytes) == 0xe0000)
        #expect(TestImages.read(UInt64.self, at: 40, in: bytes) == 0x6100)
        #expect(TestImages.read(UInt32.self, at: 48, in: bytes) == UInt32(map.count))
        let modules = info.encodedModuleList
        #expect(modules.count == 32)
        #expect(TestImages.read(UInt64.self, at: 0, in: modules) == 0x800_0000)
        #expect(TestImages.read(UInt64.self, at: 8, in: modules) == 0x1234)
        let memoryMap = info.encodedMemoryMap
        #expect(memoryMap.count == 24 * map.count)
        #expect(TestImages.read(UInt64.self, at: 24 * 3, in: memoryMap) == 1 << 20)
        #expect(TestImages.read(UInt32.self, at: 24 * 3 + 16, in: memoryMap) == 1)

        let noInitrd = PVHStartInfo(commandLineAddress: 0x20000, rsdpAddress: 0xe0000, memoryMapAddress: 0x6100,
                                    memoryMap: map, moduleListAddress: 0x6040)
        #expect(TestImages.read(UInt32.self, at: 12, in: noInitrd.encodedStartInfo) == 0)
        #expect(TestImages.read(UInt64.self, at: 16, in: noInitrd.encodedStartInfo) == 0)
        #expect(noInitrd.encodedModuleList.isEmpty)
    }
}
