import VesselMemory

/// The ACPI tables of a Vessel microVM: RSDP → XSDT → {FADT → DSDT, MADT}, laid out from one base address.
///
/// The FADT declares a hardware-reduced platform, so Linux uses no PM timer, SCI or legacy PIC,
/// and powers off and resets through the sleep control and reset registers in `X86MemoryLayout`.
/// The MADT needs no interrupt source overrides: on a hardware-reduced platform Linux sets no SCI,
/// programs no PIT timer, and maps legacy IRQ n to GSI n, which matches KVM's default routing
/// (IOAPIC pin n for GSI n, PIT on pin 0); Firecracker ships the same MADT.
public struct ACPITables: Sendable, Equatable {
    public static let tableAlignment = 16

    public let rsdpAddress: GuestAddress
    public let xsdtAddress: GuestAddress
    public let fadtAddress: GuestAddress
    public let madtAddress: GuestAddress
    public let dsdtAddress: GuestAddress

    public let rsdp: [UInt8]
    public let xsdt: [UInt8]
    public let fadt: [UInt8]
    public let madt: [UInt8]
    public let dsdt: [UInt8]

    /// Builds all tables for placement at `base` (the RSDP goes first; base must be 16-byte aligned for scanning).
    public init(vcpuCount: Int, devices: [ACPIDeviceDescription] = [], legacyDevices: LegacyDevices = LegacyDevices(),
                base: GuestAddress = X86MemoryLayout.rsdpAddress,
                capacity: UInt64 = X86MemoryLayout.acpiAreaSize) throws {
        let dsdt = try Self.dsdt(devices: devices, legacyDevices: legacyDevices).bytes
        let madt = try Self.madt(vcpuCount: vcpuCount).bytes
        let fadtLength = ACPITable.headerSize + Self.fadtBodySize
        let xsdtLength = ACPITable.headerSize + 2 * 8

        let rsdpOffset = 0
        let xsdtOffset = Self.aligned(rsdpOffset + ACPIRootPointer.size)
        let fadtOffset = Self.aligned(xsdtOffset + xsdtLength)
        let madtOffset = Self.aligned(fadtOffset + fadtLength)
        let dsdtOffset = Self.aligned(madtOffset + madt.count)
        let total = dsdtOffset + dsdt.count
        guard UInt64(total) <= capacity, base.adding(UInt64(total)) != nil else {
            throw BootError.acpiTablesTooLarge(size: total, capacity: Int(clamping: capacity))
        }
        let address = { (offset: Int) in GuestAddress(base.rawValue + UInt64(offset)) }

        self.rsdpAddress = address(rsdpOffset)
        self.xsdtAddress = address(xsdtOffset)
        self.fadtAddress = address(fadtOffset)
        self.madtAddress = address(madtOffset)
        self.dsdtAddress = address(dsdtOffset)
        self.dsdt = dsdt
        self.madt = madt
        self.fadt = Self.fadt(dsdtAddress: dsdtAddress.rawValue, legacyDevices: legacyDevices).bytes
        var xsdtBody: [UInt8] = []
        xsdtBody.appendLittleEndian(fadtAddress.rawValue)
        xsdtBody.appendLittleEndian(madtAddress.rawValue)
        self.xsdt = ACPITable(signature: "XSDT", revision: 1, body: xsdtBody).bytes
        self.rsdp = ACPIRootPointer(xsdtAddress: xsdtAddress.rawValue).bytes
    }

    /// Every table with its address, in memory order.
    public var placedTables: [(address: GuestAddress, bytes: [UInt8])] {
        [(rsdpAddress, rsdp), (xsdtAddress, xsdt), (fadtAddress, fadt), (madtAddress, madt), (dsdtAddress, dsdt)]
    }

    /// Bytes from the RSDP to the end of the last table.
    public var totalSize: UInt64 {
        dsdtAddress.rawValue + UInt64(dsdt.count) - rsdpAddress.rawValue
    }

    public func write(to memory: GuestMemory) throws {
        for table in placedTables {
            do {
                try memory.write(table.bytes, at: table.address)
            } catch let error as GuestMemoryError {
                throw BootError.guestMemory(what: "ACPI tables", error)
            }
        }
    }

    static func aligned(_ offset: Int) -> Int {
        (offset + tableAlignment - 1) / tableAlignment * tableAlignment
    }
}
