import Testing
@testable import VesselBoot

@Suite struct LegacyDeviceAMLTests {
    @Test func eisaIDPacksLettersAndDigitsAsACPIDefines() throws {
        // EisaId("PNP0501") is 0x0105D041 in every ACPI compiler's output.
        #expect(try AML.eisaID("PNP0501") == [0x0C, 0x41, 0xD0, 0x05, 0x01])
        #expect(try AML.eisaID("PNP0303") == [0x0C, 0x41, 0xD0, 0x03, 0x03])
        #expect(throws: BootError.self) { try AML.eisaID("pnp0501") }
        #expect(throws: BootError.self) { try AML.eisaID("PNP05") }
        #expect(throws: BootError.self) { try AML.eisaID("PNP05G1") }
    }

    @Test func ioPortIsAFixedSixteenBitDecodeRange() {
        #expect(AML.ioPort(base: 0x3F8, length: 8) == [0x47, 0x01, 0xF8, 0x03, 0xF8, 0x03, 0x01, 0x08])
    }

    @Test func serialPortIsDescribedWithItsPortsAndInterrupt() throws {
        let aml = try ACPITables.legacyDeviceObjects(.init(com1: true, i8042: false, cmosRTC: false))
        let expectedResources = AML.ioPort(base: 0x3F8, length: 8) + AML.extendedInterrupt(4)
        #expect(aml.starts(with: [0x5B, 0x82]))
        #expect(aml.firstRange(of: Array("COM1".utf8)) != nil)
        #expect(aml.firstRange(of: [0x0C, 0x41, 0xD0, 0x05, 0x01]) != nil)
        #expect(aml.firstRange(of: expectedResources) != nil)
    }

    @Test func dsdtListsEveryAnnouncedLegacyDeviceAndStillSumsToZero() throws {
        let tables = try ACPITables(vcpuCount: 1, legacyDevices: .init(com1: true, i8042: true, cmosRTC: true))
        for name in ["COM1", "PS2K", "RTC_", "_S5_"] {
            #expect(tables.dsdt.firstRange(of: Array(name.utf8)) != nil, "missing \(name)")
        }
        #expect(tables.dsdt.reduce(UInt8(0), &+) == 0)
        let none = try ACPITables(vcpuCount: 1, legacyDevices: .init(com1: false, i8042: false, cmosRTC: false))
        #expect(none.dsdt.firstRange(of: Array("COM1".utf8)) == nil)
    }
}
