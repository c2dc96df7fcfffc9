extension ACPITables {
    /// The PC devices the VMM emulates. The FADT's IA-PC boot flags announce them, and the DSDT
    /// describes each with its ports and interrupt: on a hardware-reduced ACPI platform Linux maps
    /// no legacy ISA interrupts by itself, so a device the DSDT does not list gets no IRQ.
    public struct LegacyDevices: Sendable, Equatable {
        public var com1: Bool
        public var i8042: Bool
        public var cmosRTC: Bool

        public init(com1: Bool = true, i8042: Bool = true, cmosRTC: Bool = false) {
            self.com1 = com1
            self.i8042 = i8042
            self.cmosRTC = cmosRTC
        }
    }

    /// Device objects for the legacy devices, to be placed in Scope(\_SB_).
    static func legacyDeviceObjects(_ legacy: LegacyDevices) throws -> [UInt8] {
        var aml: [UInt8] = []
        if legacy.com1 {
            aml += try legacyDevice("COM1", eisaID: "PNP0501", uniqueID: 1, resources: [
                AML.ioPort(base: 0x3F8, length: 8),
                AML.extendedInterrupt(4),
            ])
        }
        if legacy.i8042 {
            aml += try legacyDevice("PS2K", eisaID: "PNP0303", uniqueID: 0, resources: [
                AML.ioPort(base: 0x60, length: 1),
                AML.ioPort(base: 0x64, length: 1),
                AML.extendedInterrupt(1),
            ])
        }
        if legacy.cmosRTC {
            aml += try legacyDevice("RTC_", eisaID: "PNP0B00", uniqueID: 0, resources: [
                AML.ioPort(base: 0x70, length: 2),
                AML.extendedInterrupt(8),
            ])
        }
        return aml
    }

    private static func legacyDevice(_ name: String, eisaID: String, uniqueID: UInt64, resources: [[UInt8]]) throws -> [UInt8] {
        try AML.identifiedDevice(name, hardwareID: AML.eisaID(eisaID), uniqueID: uniqueID, resources: resources)
    }
}
