/// The zero page (`struct boot_params`, Linux Documentation/arch/x86/zero-page.rst) handed to a bzImage.
public struct BootParams: Sendable, Equatable {
    public static let size = 4096
    public static let maximumE820Entries = 128

    /// Offsets of the fields Vessel fills, from the start of boot_params.
    public enum Offset {
        public static let acpiRSDPAddress = 0x070
        public static let extRamdiskImage = 0x0c0
        public static let extRamdiskSize = 0x0c4
        public static let extCommandLinePointer = 0x0c8
        public static let e820Entries = 0x1e8
        public static let setupHeader = 0x1f1
        /// The setup header ends before edd_mbr_sig_buffer.
        public static let setupHeaderLimit = 0x290
        public static let e820Table = 0x2d0
    }

    /// Bootloader ID for "undefined" loaders.
    public static let undefinedLoader: UInt8 = 0xff
    /// End of the setup heap, as an offset from the real-mode code, minus 0x200.
    public static let defaultHeapEnd: UInt16 = 0xfe00

    public var setupHeader: [UInt8]
    public var commandLineAddress: UInt64
    public var ramdiskAddress: UInt64
    public var ramdiskSize: UInt64
    public var e820: [E820Entry]
    public var rsdpAddress: UInt64
    public var heapEnd: UInt16

    public init(setupHeader: [UInt8], commandLineAddress: UInt64, ramdiskAddress: UInt64 = 0, ramdiskSize: UInt64 = 0,
                e820: [E820Entry], rsdpAddress: UInt64, heapEnd: UInt16 = BootParams.defaultHeapEnd) {
        self.setupHeader = setupHeader
        self.commandLineAddress = commandLineAddress
        self.ramdiskAddress = ramdiskAddress
        self.ramdiskSize = ramdiskSize
        self.e820 = e820
        self.rsdpAddress = rsdpAddress
        self.heapEnd = heapEnd
    }

    /// The 4096 bytes to place at the zero page address.
    public func encoded() throws -> [UInt8] {
        guard e820.count <= Self.maximumE820Entries else {
            throw BootError.tooManyMemoryMapEntries(count: e820.count, maximum: Self.maximumE820Entries)
        }
        var bytes = [UInt8](repeating: 0, count: Self.size)
        let headerRoom = Offset.setupHeaderLimit - Offset.setupHeader
        let header = setupHeader.prefix(headerRoom)
        bytes.replaceSubrange(Offset.setupHeader..<(Offset.setupHeader + header.count), with: header)

        bytes[BzImageHeader.Offset.typeOfLoader] = Self.undefinedLoader
        bytes[BzImageHeader.Offset.loadFlags] |= BzImageHeader.loadedHigh | BzImageHeader.canUseHeap
        bytes.storeLittleEndian(heapEnd, at: BzImageHeader.Offset.heapEndPointer)
        bytes.storeLittleEndian(UInt32(truncatingIfNeeded: commandLineAddress), at: BzImageHeader.Offset.commandLinePointer)
        bytes.storeLittleEndian(UInt32(truncatingIfNeeded: commandLineAddress >> 32), at: Offset.extCommandLinePointer)
        bytes.storeLittleEndian(UInt32(truncatingIfNeeded: ramdiskAddress), at: BzImageHeader.Offset.ramdiskImage)
        bytes.storeLittleEndian(UInt32(truncatingIfNeeded: ramdiskAddress >> 32), at: Offset.extRamdiskImage)
        bytes.storeLittleEndian(UInt32(truncatingIfNeeded: ramdiskSize), at: BzImageHeader.Offset.ramdiskSize)
        bytes.storeLittleEndian(UInt32(truncatingIfNeeded: ramdiskSize >> 32), at: Offset.extRamdiskSize)
        bytes.storeLittleEndian(rsdpAddress, at: Offset.acpiRSDPAddress)

        bytes[Offset.e820Entries] = UInt8(e820.count)
        for (index, entry) in e820.enumerated() {
            let offset = Offset.e820Table + index * E820Entry.encodedSize
            bytes.replaceSubrange(offset..<(offset + E820Entry.encodedSize), with: entry.encoded)
        }
        return bytes
    }
}
