import Testing
@testable import VesselBoot

@Suite struct AMLTests {
    @Test func packageLengthBoundaries() throws {
        #expect(try AML.packageLength(contentLength: 0) == [0x01])
        #expect(try AML.packageLength(contentLength: 62) == [0x3f])
        // 63 content bytes need two PkgLength bytes: 63 + 2 = 65 = 0x41.
        #expect(try AML.packageLength(contentLength: 63) == [0x41, 0x04])
        // Largest two-byte value: 0xfff total.
        #expect(try AML.packageLength(contentLength: 0xfff - 2) == [0x4f, 0xff])
        // 0xffe content bytes + 2 = 0x1000 does not fit 12 bits; with three bytes the total is 0x1001.
        #expect(try AML.packageLength(contentLength: 0xfff - 1) == [0x81, 0x00, 0x01])
        #expect(try AML.packageLength(contentLength: 0x10_0000) == [0xc4, 0x00, 0x00, 0x01])
        #expect(throws: BootError.self) { try AML.packageLength(contentLength: 1 << 28) }
    }

    @Test func integers() {
        #expect(AML.integer(0) == [0x00])
        #expect(AML.integer(1) == [0x01])
        #expect(AML.integer(5) == [0x0a, 0x05])
        #expect(AML.integer(0x1234) == [0x0b, 0x34, 0x12])
        #expect(AML.integer(0xd000_0000) == [0x0c, 0x00, 0x00, 0x00, 0xd0])
        #expect(AML.integer(0x1_0000_0000) == [0x0e, 0, 0, 0, 0, 1, 0, 0, 0])
    }

    @Test func names() throws {
        #expect(try AML.nameString("\\_SB_") == [0x5c, 0x5f, 0x53, 0x42, 0x5f])
        for bad in ["V00", "V0000", "0V00", "v000", "V-00", ""] {
            #expect(throws: BootError.invalidACPIName(bad)) { try AML.nameSegment(bad) }
        }
        #expect(throws: BootError.self) { try AML.string("bad\u{1}") }
    }

    @Test func softOffObject() throws {
        // Name(_S5_, Package(){5, 0, 0, 0}) derived by hand from the AML grammar.
        let expected: [UInt8] = [0x08, 0x5f, 0x53, 0x35, 0x5f, 0x12, 0x07, 0x04, 0x0a, 0x05, 0x00, 0x00, 0x00]
        #expect(try ACPITables.softOffObject() == expected)
    }

    static let virtioDeviceV000: [UInt8] = [
        0x5b, 0x82, 0x3a, 0x56, 0x30, 0x30, 0x30,  // Device(V000), PkgLength 58
        0x08, 0x5f, 0x48, 0x49, 0x44, 0x0d, 0x4c, 0x4e, 0x52, 0x4f, 0x30, 0x30, 0x30, 0x35, 0x00,  // _HID "LNRO0005"
        0x08, 0x5f, 0x55, 0x49, 0x44, 0x00,  // _UID 0
        0x08, 0x5f, 0x43, 0x52, 0x53, 0x11, 0x1a, 0x0a, 0x17,  // _CRS Buffer(23)
        0x86, 0x09, 0x00, 0x01, 0x00, 0x00, 0x00, 0xd0, 0x00, 0x10, 0x00, 0x00,  // Memory32Fixed RW 0xd0000000 4K
        0x89, 0x06, 0x00, 0x03, 0x01, 0x05, 0x00, 0x00, 0x00,  // Interrupt consumer edge high exclusive {5}
        0x79, 0x00,  // End tag
    ]

    @Test func virtioMMIODevice() throws {
        let device = try ACPIDeviceDescription.virtioMMIO(index: 0, mmioBase: 0xd000_0000, interrupt: 5)
        #expect(device.name == "V000")
        #expect(device.hardwareID == "LNRO0005")
        #expect(try device.aml() == Self.virtioDeviceV000)
        #expect(try ACPIDeviceDescription.virtioMMIO(index: 0x1a, mmioBase: 0, interrupt: 6).name == "V01A")
        #expect(throws: BootError.self) { try ACPIDeviceDescription.virtioMMIO(index: 0x1000, mmioBase: 0, interrupt: 5) }
    }

    @Test func devicesInSystemBusScopeUseTwoBytePackageLength() throws {
        let device = try ACPIDeviceDescription.virtioMMIO(index: 0, mmioBase: 0xd000_0000, interrupt: 5)
        let tables = try ACPITables(
            vcpuCount: 1, devices: [device], legacyDevices: .init(com1: false, i8042: false, cmosRTC: false))
        let aml = Array(tables.dsdt[ACPITable.headerSize...])
        let softOff = try ACPITables.softOffObject()
        #expect(Array(aml.prefix(softOff.count)) == softOff)
        // Scope(\_SB_): 5 name bytes + 60 device bytes = 65, plus two PkgLength bytes = 67 = 0x43.
        let scope: [UInt8] = [0x10, 0x43, 0x04, 0x5c, 0x5f, 0x53, 0x42, 0x5f] + Self.virtioDeviceV000
        #expect(Array(aml.dropFirst(softOff.count)) == scope)
    }

    @Test func duplicateDeviceNamesAreRejected() throws {
        let device = try ACPIDeviceDescription.virtioMMIO(index: 0, mmioBase: 0xd000_0000, interrupt: 5)
        #expect(throws: BootError.duplicateACPIName("V000")) { try ACPITables(vcpuCount: 1, devices: [device, device]) }
    }
}
