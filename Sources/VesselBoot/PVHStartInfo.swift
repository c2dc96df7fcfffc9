/// `struct hvm_start_info` (Xen's PVH boot ABI, version 1) with its module list and memory map.
public struct PVHStartInfo: Sendable, Equatable {
    public static let magic: UInt32 = 0x336e_c578
    public static let version: UInt32 = 1
    public static let size = 56
    public static let moduleEntrySize = 32

    public enum Offset {
        public static let magic = 0
        public static let version = 4
        public static let flags = 8
        public static let moduleCount = 12
        public static let moduleListAddress = 16
        public static let commandLineAddress = 24
        public static let rsdpAddress = 32
        public static let memoryMapAddress = 40
        public static let memoryMapEntries = 48
    }

    public var commandLineAddress: UInt64
    public var rsdpAddress: UInt64
    public var memoryMapAddress: UInt64
    public var memoryMap: [E820Entry]
    public var moduleListAddress: UInt64
    /// The initrd, passed as the first module.
    public var ramdisk: (address: UInt64, size: UInt64)?

    public init(commandLineAddress: UInt64, rsdpAddress: UInt64, memoryMapAddress: UInt64, memoryMap: [E820Entry],
                moduleListAddress: UInt64, ramdisk: (address: UInt64, size: UInt64)? = nil) {
        self.commandLineAddress = commandLineAddress
        self.rsdpAddress = rsdpAddress
        self.memoryMapAddress = memoryMapAddress
        self.memoryMap = memoryMap
        self.moduleListAddress = moduleListAddress
        self.ramdisk = ramdisk
    }

    public static func == (lhs: PVHStartInfo, rhs: PVHStartInfo) -> Bool {
        lhs.commandLineAddress == rhs.commandLineAddress && lhs.rsdpAddress == rhs.rsdpAddress
            && lhs.memoryMapAddress == rhs.memoryMapAddress && lhs.memoryMap == rhs.memoryMap
            && lhs.moduleListAddress == rhs.moduleListAddress
            && lhs.ramdisk?.address == rhs.ramdisk?.address && lhs.ramdisk?.size == rhs.ramdisk?.size
    }

    /// The 56-byte hvm_start_info.
    public var encodedStartInfo: [UInt8] {
        var bytes: [UInt8] = []
        bytes.appendLittleEndian(Self.magic)
        bytes.appendLittleEndian(Self.version)
        bytes.appendLittleEndian(UInt32(0))  // flags
        bytes.appendLittleEndian(UInt32(ramdisk == nil ? 0 : 1))
        bytes.appendLittleEndian(ramdisk == nil ? UInt64(0) : moduleListAddress)
        bytes.appendLittleEndian(commandLineAddress)
        bytes.appendLittleEndian(rsdpAddress)
        bytes.appendLittleEndian(memoryMapAddress)
        bytes.appendLittleEndian(UInt32(memoryMap.count))
        bytes.appendLittleEndian(UInt32(0))  // reserved
        return bytes
    }

    /// The hvm_modlist_entry array (paddr, size, cmdline_paddr, reserved); empty without an initrd.
    public var encodedModuleList: [UInt8] {
        guard let ramdisk else { return [] }
        var bytes: [UInt8] = []
        bytes.appendLittleEndian(ramdisk.address)
        bytes.appendLittleEndian(ramdisk.size)
        bytes.appendLittleEndian(UInt64(0))
        bytes.appendLittleEndian(UInt64(0))
        return bytes
    }

    /// The hvm_memmap_table_entry array.
    public var encodedMemoryMap: [UInt8] {
        memoryMap.flatMap(\.encodedForPVH)
    }
}
