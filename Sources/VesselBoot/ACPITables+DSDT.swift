extension ACPITables {
    public static let dsdtRevision: UInt8 = 2

    /// Name(\_S5_, Package(){5, 0, 0, 0}): soft-off is SLP_TYP 5 written to the sleep control register.
    public static func softOffObject() throws -> [UInt8] {
        let sleepType = UInt64(X86MemoryLayout.acpiSoftOffSleepType)
        return try AML.name("_S5_", AML.package([AML.integer(sleepType), AML.integer(0), AML.integer(0), AML.integer(0)]))
    }

    /// DSDT: \_S5_ at the root, and the legacy and described devices inside Scope(\_SB_).
    static func dsdt(devices: [ACPIDeviceDescription], legacyDevices: LegacyDevices) throws -> ACPITable {
        var aml = try softOffObject()
        let legacy = try legacyDeviceObjects(legacyDevices)
        if !devices.isEmpty || !legacy.isEmpty {
            var seen = Set<String>()
            var body = legacy
            for device in devices {
                guard seen.insert(device.name).inserted else { throw BootError.duplicateACPIName(device.name) }
                body += try device.aml()
            }
            aml += try AML.scope("\\_SB_", body)
        }
        return ACPITable(signature: "DSDT", revision: dsdtRevision, body: aml)
    }
}
