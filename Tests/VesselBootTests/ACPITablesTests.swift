import Testing
@testable import VesselBoot
import VesselMemory

@Suite struct ACPITablesTests {
    func u32(_ bytes: [UInt8], _ offset: Int) -> UInt32 { TestImages.read(UInt32.self, at: offset, in: bytes) }
    func u64(_ bytes: [UInt8], _ offset: Int) -> UInt64 { TestImages.read(UInt64.self, at: offset, in: bytes) }

    @Test func everyTableHasItsLengthAndAZeroChecksum() throws {
        let devices = try (0..<8).map {
            try ACPIDeviceDescription.virtioMMIO(index: $0, mmioBase: 0xd000_0000 + UInt32($0) * 0x1000,
                                                 interrupt: UInt32(5 + $0))
        }
        let tables = try ACPITables(vcpuCount: 4, devices: devices)
        for (signature, table) in [("XSDT", tables.xsdt), ("FACP", tables.fadt), ("APIC", tables.madt),
                                   ("DSDT", tables.dsdt)] {
            #expect(Array(table.prefix(4)) == Array(signature.utf8))
            #expect(Int(u32(table, 4)) == table.count, "\(signature) length")
            #expect(TestImages.byteSum(table) == 0, "\(signature) checksum")
            #expect(Array(table[10..<16]) == Array("VESSEL".utf8))
        }
        #expect(tables.fadt.count == 276)
        #expect(tables.fadt[8] == 6)
        #expect(tables.xsdt.count == 36 + 16)
        #expect(tables.rsdpAddress == X86MemoryLayout.rsdpAddress)
        for table in tables.placedTables {
            #expect(table.address.rawValue % 16 == 0)
        }
        #expect(tables.totalSize <= X86MemoryLayout.acpiAreaSize)
    }

    @Test func rootPointerChecksumsAndPointers() throws {
        let tables = try ACPITables(vcpuCount: 1)
        let rsdp = tables.rsdp
        #expect(rsdp.count == 36)
        #expect(Array(rsdp.prefix(8)) == Array("RSD PTR ".utf8))
        #expect(TestImages.byteSum(Array(rsdp.prefix(20))) == 0)
        #expect(TestImages.byteSum(rsdp) == 0)
        #expect(rsdp[15] == 2)
        #expect(u32(rsdp, 16) == 0)
        #expect(u32(rsdp, 20) == 36)
        #expect(u64(rsdp, 24) == tables.xsdtAddress.rawValue)
        #expect(u64(tables.xsdt, 36) == tables.fadtAddress.rawValue)
        #expect(u64(tables.xsdt, 44) == tables.madtAddress.rawValue)
        #expect(u64(tables.fadt, 140) == tables.dsdtAddress.rawValue)
        #expect(u32(tables.fadt, 40) == 0)
    }

    @Test func fadtFlagsAndRegisters() throws {
        let fadt = try ACPITables(vcpuCount: 1).fadt
        let flags = u32(fadt, 112)
        #expect(flags & (1 << 20) != 0, "HW_REDUCED_ACPI")
        #expect(flags & (1 << 10) != 0, "RESET_REG_SUP")
        let bootArchitecture = TestImages.read(UInt16.self, at: 109, in: fadt)
        #expect(bootArchitecture & (1 << 2) != 0, "VGA not present")
        #expect(bootArchitecture & (1 << 3) != 0, "MSI not supported")
        #expect(bootArchitecture & (1 << 1) != 0, "8042 present by default")
        #expect(bootArchitecture & (1 << 5) != 0, "no CMOS RTC by default")
        // GAS: space 1 (system I/O), 8 bits, offset 0, byte access, port.
        #expect(Array(fadt[116..<128]) == [1, 8, 0, 1, 0x02, 0x06, 0, 0, 0, 0, 0, 0])
        #expect(fadt[128] == 0x01)
        #expect(Array(fadt[244..<256]) == [1, 8, 0, 1, 0x00, 0x06, 0, 0, 0, 0, 0, 0])
        #expect(Array(fadt[256..<268]) == [1, 8, 0, 1, 0x01, 0x06, 0, 0, 0, 0, 0, 0])
        // PM1 blocks are absent on a hardware-reduced platform.
        #expect(Array(fadt[56..<88]).allSatisfy { $0 == 0 })
        #expect(Array(fadt[148..<244]).allSatisfy { $0 == 0 })

        let legacy = try ACPITables(vcpuCount: 1, legacyDevices: .init(i8042: false, cmosRTC: true)).fadt
        let legacyFlags = TestImages.read(UInt16.self, at: 109, in: legacy)
        #expect(legacyFlags & (1 << 1) == 0)
        #expect(legacyFlags & (1 << 5) == 0)
        #expect(TestImages.byteSum(legacy) == 0)
    }

    @Test(arguments: [1, 32])
    func madtEntries(vcpuCount: Int) throws {
        let madt = try ACPITables(vcpuCount: vcpuCount).madt
        #expect(madt.count == 44 + 8 * vcpuCount + 12)
        #expect(u32(madt, 36) == 0xfee0_0000)
        #expect(u32(madt, 40) == 1)
        for index in 0..<vcpuCount {
            let entry = Array(madt[(44 + 8 * index)..<(52 + 8 * index)])
            #expect(entry == [0, 8, UInt8(index), UInt8(index), 1, 0, 0, 0])
        }
        let ioapic = Array(madt[(44 + 8 * vcpuCount)...])
        #expect(ioapic == [1, 12, 0, 0, 0x00, 0x00, 0xc0, 0xfe, 0, 0, 0, 0])
        #expect(TestImages.byteSum(madt) == 0)
    }

    @Test func vcpuCountLimits() {
        #expect(throws: BootError.invalidVCPUCount(0)) { try ACPITables(vcpuCount: 0) }
        #expect(throws: BootError.invalidVCPUCount(255)) { try ACPITables(vcpuCount: 255) }
    }

    @Test func dsdtWithoutDevicesHoldsOnlySoftOff() throws {
        let dsdt = try ACPITables(vcpuCount: 1, legacyDevices: .init(com1: false, i8042: false, cmosRTC: false)).dsdt
        #expect(dsdt[8] == 2)
        #expect(Array(dsdt[36...]) == (try ACPITables.softOffObject()))
    }

    @Test func tooManyDevicesForTheAreaIsAnError() throws {
        let device = try ACPIDeviceDescription.virtioMMIO(index: 0, mmioBase: 0xd000_0000, interrupt: 5)
        #expect(throws: BootError.self) { try ACPITables(vcpuCount: 1, devices: [device], capacity: 256) }
    }

    @Test func tablesWrittenToMemoryMatch() throws {
        let memory = try TestImages.memory(size: 16 << 20)
        let tables = try ACPITables(vcpuCount: 2)
        try tables.write(to: memory)
        for table in tables.placedTables {
            #expect(try memory.read(at: table.address, count: table.bytes.count) == table.bytes)
        }
    }
}
