extension ACPITables {
    /// FADT (signature "FACP") revision 6, 276 bytes, offsets from the start of the table.
    public enum FADTOffset {
        public static let dsdt = 40
        public static let sciInterrupt = 46
        public static let iapcBootArchitecture = 109
        public static let flags = 112
        public static let resetRegister = 116
        public static let resetValue = 128
        public static let minorVersion = 131
        public static let xDSDT = 140
        public static let sleepControlRegister = 244
        public static let sleepStatusRegister = 256
        public static let hypervisorVendor = 268
        public static let length = 276
    }

    // FADT flags
    public static let fadtResetRegisterSupported: UInt32 = 1 << 10
    public static let fadtHardwareReduced: UInt32 = 1 << 20
    // IA-PC boot architecture flags
    public static let iapcLegacyDevices: UInt16 = 1 << 0
    public static let iapc8042: UInt16 = 1 << 1
    public static let iapcVGANotPresent: UInt16 = 1 << 2
    public static let iapcMSINotSupported: UInt16 = 1 << 3
    public static let iapcCMOSRTCNotPresent: UInt16 = 1 << 5

    public static let fadtRevision: UInt8 = 6
    public static let fadtMinorVersion: UInt8 = 5

    static var fadtBodySize: Int { FADTOffset.length - ACPITable.headerSize }

    static func fadt(dsdtAddress: UInt64, legacyDevices: LegacyDevices) -> ACPITable {
        // Build the whole table image at spec offsets, then hand the body to ACPITable.
        var table = [UInt8](repeating: 0, count: FADTOffset.length)
        var bootArchitecture = iapcVGANotPresent | iapcMSINotSupported
        if legacyDevices.i8042 { bootArchitecture |= iapc8042 }
        if !legacyDevices.cmosRTC { bootArchitecture |= iapcCMOSRTCNotPresent }
        table.storeLittleEndian(bootArchitecture, at: FADTOffset.iapcBootArchitecture)
        table.storeLittleEndian(fadtHardwareReduced | fadtResetRegisterSupported, at: FADTOffset.flags)
        let reset = ACPIGenericAddress.ioPort8(X86MemoryLayout.acpiResetPort).bytes
        table.replaceSubrange(FADTOffset.resetRegister..<(FADTOffset.resetRegister + ACPIGenericAddress.size), with: reset)
        table[FADTOffset.resetValue] = X86MemoryLayout.acpiResetValue
        table[FADTOffset.minorVersion] = fadtMinorVersion
        // Only X_DSDT: the 32-bit DSDT field must then be ignored, and Linux warns when both disagree.
        table.storeLittleEndian(dsdtAddress, at: FADTOffset.xDSDT)
        let sleepControl = ACPIGenericAddress.ioPort8(X86MemoryLayout.acpiSleepControlPort).bytes
        table.replaceSubrange(
            FADTOffset.sleepControlRegister..<(FADTOffset.sleepControlRegister + ACPIGenericAddress.size), with: sleepControl)
        let sleepStatus = ACPIGenericAddress.ioPort8(X86MemoryLayout.acpiSleepStatusPort).bytes
        table.replaceSubrange(
            FADTOffset.sleepStatusRegister..<(FADTOffset.sleepStatusRegister + ACPIGenericAddress.size), with: sleepStatus)
        return ACPITable(signature: "FACP", revision: fadtRevision, body: Array(table[ACPITable.headerSize...]))
    }
}
