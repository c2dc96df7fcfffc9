/// A device declared in the DSDT under \_SB_: a hardware ID, one MMIO window and one interrupt.
/// virtio-mmio devices use _HID "LNRO0005", which Linux's virtio_mmio driver matches.
public struct ACPIDeviceDescription: Sendable, Equatable {
    public static let virtioMMIOHardwareID = "LNRO0005"

    /// A 4-character ACPI name such as "V000".
    public var name: String
    public var hardwareID: String
    public var uniqueID: UInt32
    public var mmioBase: UInt32
    public var mmioSize: UInt32
    /// The GSI (IOAPIC pin) the device raises, edge-triggered and active high.
    public var interrupt: UInt32

    public init(name: String, hardwareID: String = ACPIDeviceDescription.virtioMMIOHardwareID, uniqueID: UInt32,
                mmioBase: UInt32, mmioSize: UInt32, interrupt: UInt32) {
        self.name = name
        self.hardwareID = hardwareID
        self.uniqueID = uniqueID
        self.mmioBase = mmioBase
        self.mmioSize = mmioSize
        self.interrupt = interrupt
    }

    /// A virtio-mmio device named "V" plus three hex digits of `index` (V000, V001, ...), with _UID = index.
    public static func virtioMMIO(index: Int, mmioBase: UInt32, mmioSize: UInt32 = 0x1000,
                                  interrupt: UInt32) throws -> ACPIDeviceDescription {
        guard (0...0xfff).contains(index) else { throw BootError.invalidACPIName("V" + String(index, radix: 16)) }
        let digits = String(index, radix: 16, uppercase: true)
        let name = "V" + String(repeating: "0", count: 3 - digits.count) + digits
        return ACPIDeviceDescription(name: name, uniqueID: UInt32(index), mmioBase: mmioBase, mmioSize: mmioSize,
                                     interrupt: interrupt)
    }

    /// Device(name){ Name(_HID, "..."), Name(_UID, n), Name(_CRS, ResourceTemplate(){ Memory32Fixed, Interrupt }) }.
    public func aml() throws -> [UInt8] {
        try AML.identifiedDevice(name, hardwareID: AML.string(hardwareID), uniqueID: UInt64(uniqueID), resources: [
            AML.memory32Fixed(base: mmioBase, length: mmioSize, writable: true),
            AML.extendedInterrupt(interrupt, edgeTriggered: true, activeLow: false, shared: false),
        ])
    }
}
