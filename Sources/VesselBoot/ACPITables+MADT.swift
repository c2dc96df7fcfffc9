extension ACPITables {
    public enum MADTOffset {
        public static let localAPICAddress = 36
        public static let flags = 40
        public static let firstEntry = 44
    }

    public static let madtRevision: UInt8 = 5
    public static let madtPCATCompatible: UInt32 = 1 << 0
    public static let madtLocalAPICType: UInt8 = 0
    public static let madtLocalAPICLength: UInt8 = 8
    public static let madtLocalAPICEnabled: UInt32 = 1 << 0
    public static let madtIOAPICType: UInt8 = 1
    public static let madtIOAPICLength: UInt8 = 12
    public static let ioapicID: UInt8 = 0

    /// MADT ("APIC"): one enabled Processor Local APIC per vCPU (UID = APIC ID = index) and one IO APIC.
    static func madt(vcpuCount: Int) throws -> ACPITable {
        guard (1...X86MemoryLayout.maximumVCPUCount).contains(vcpuCount) else {
            throw BootError.invalidVCPUCount(vcpuCount)
        }
        var body: [UInt8] = []
        body.appendLittleEndian(UInt32(X86MemoryLayout.localAPICAddress.rawValue))
        body.appendLittleEndian(madtPCATCompatible)
        for index in 0..<vcpuCount {
            body.append(contentsOf: [madtLocalAPICType, madtLocalAPICLength, UInt8(index), UInt8(index)])
            body.appendLittleEndian(madtLocalAPICEnabled)
        }
        body.append(contentsOf: [madtIOAPICType, madtIOAPICLength, ioapicID, 0])
        body.appendLittleEndian(UInt32(X86MemoryLayout.ioapicAddress.rawValue))
        body.appendLittleEndian(UInt32(0))  // GSI base
        return ACPITable(signature: "APIC", revision: madtRevision, body: body)
    }
}
