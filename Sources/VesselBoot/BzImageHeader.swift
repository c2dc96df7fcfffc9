/// The real-mode setup header of a bzImage (Linux Documentation/arch/x86/boot.rst).
public struct BzImageHeader: Sendable, Equatable {
    /// Offsets inside the kernel file, which match offsets inside boot_params.
    public enum Offset {
        public static let setupSectors = 0x1f1
        public static let bootFlag = 0x1fe
        public static let jump = 0x200
        public static let magic = 0x202
        public static let version = 0x206
        public static let typeOfLoader = 0x210
        public static let loadFlags = 0x211
        public static let ramdiskImage = 0x218
        public static let ramdiskSize = 0x21c
        public static let heapEndPointer = 0x224
        public static let commandLinePointer = 0x228
        public static let initrdAddressMax = 0x22c
        public static let kernelAlignment = 0x230
        public static let relocatableKernel = 0x234
        public static let xloadFlags = 0x236
        public static let commandLineSize = 0x238
        public static let payloadOffset = 0x248
        public static let payloadLength = 0x24c
        public static let preferredAddress = 0x258
        public static let initSize = 0x260
        /// The last field this parser reads ends here (init_size, protocol 2.10).
        public static let requiredHeaderEnd = 0x264
    }

    /// "HdrS" read as a little-endian UInt32.
    public static let magic: UInt32 = 0x5372_6448
    public static let minimumProtocolVersion: UInt16 = 0x020c
    public static let sectorSize = 512

    // loadflags
    public static let loadedHigh: UInt8 = 1 << 0
    public static let keepSegments: UInt8 = 1 << 6
    public static let canUseHeap: UInt8 = 1 << 7
    // xloadflags
    public static let kernel64: UInt16 = 1 << 0
    public static let canBeLoadedAbove4G: UInt16 = 1 << 1

    /// setup_sects, with 0 read as 4 as the protocol says.
    public let setupSectors: Int
    public let protocolVersion: UInt16
    public let loadFlags: UInt8
    public let xloadFlags: UInt16
    /// Longest command line the kernel accepts, excluding the terminating NUL.
    public let commandLineSize: UInt32
    /// Highest address the last byte of the initrd may occupy.
    public let initrdAddressMax: UInt32
    public let kernelAlignment: UInt32
    public let relocatable: Bool
    public let preferredAddress: UInt64
    /// Bytes of memory the kernel needs from its load address before it has set up its own.
    public let initSize: UInt32
    public let payloadOffset: UInt32
    public let payloadLength: UInt32
    /// The header bytes from 0x1f1 up to 0x202 + byte[0x201], copied verbatim into boot_params.
    public let setupHeaderBytes: [UInt8]
    public let fileSize: Int

    /// True if `bytes` carries the "HdrS" magic where a bzImage has it.
    public static func hasMagic(_ bytes: [UInt8]) -> Bool {
        ByteReader(bytes).integer(at: Offset.magic, as: UInt32.self) == magic
    }

    /// Parses and validates the header against the file's size.
    public init(parsing bytes: [UInt8]) throws {
        let reader = ByteReader(bytes)
        guard reader.integer(at: Offset.magic, as: UInt32.self) == Self.magic else {
            throw BootError.notALinuxKernel(fileSize: bytes.count)
        }
        guard let rawSectors = reader.integer(at: Offset.setupSectors, as: UInt8.self),
              let jumpLength = reader.integer(at: Offset.jump + 1, as: UInt8.self)
        else {
            throw BootError.bzImageHeaderTruncated(fileSize: bytes.count)
        }
        let headerEnd = Offset.magic + Int(jumpLength)
        guard headerEnd >= Offset.requiredHeaderEnd, headerEnd <= bytes.count,
              let version = reader.integer(at: Offset.version, as: UInt16.self),
              let loadFlags = reader.integer(at: Offset.loadFlags, as: UInt8.self),
              let xloadFlags = reader.integer(at: Offset.xloadFlags, as: UInt16.self),
              let commandLineSize = reader.integer(at: Offset.commandLineSize, as: UInt32.self),
              let initrdAddressMax = reader.integer(at: Offset.initrdAddressMax, as: UInt32.self),
              let kernelAlignment = reader.integer(at: Offset.kernelAlignment, as: UInt32.self),
              let relocatable = reader.integer(at: Offset.relocatableKernel, as: UInt8.self),
              let preferredAddress = reader.integer(at: Offset.preferredAddress, as: UInt64.self),
              let initSize = reader.integer(at: Offset.initSize, as: UInt32.self),
              let payloadOffset = reader.integer(at: Offset.payloadOffset, as: UInt32.self),
              let payloadLength = reader.integer(at: Offset.payloadLength, as: UInt32.self)
        else {
            if reader.integer(at: Offset.version, as: UInt16.self).map({ $0 < Self.minimumProtocolVersion }) == true {
                throw BootError.unsupportedBootProtocol(version: reader.integer(at: Offset.version) ?? 0)
            }
            throw BootError.bzImageHeaderTruncated(fileSize: bytes.count)
        }
        guard version >= Self.minimumProtocolVersion else {
            throw BootError.unsupportedBootProtocol(version: version)
        }
        guard loadFlags & Self.loadedHigh != 0 else { throw BootError.kernelNotLoadedHigh }
        guard xloadFlags & Self.kernel64 != 0 else { throw BootError.kernelNot64Bit }

        let sectors = rawSectors == 0 ? 4 : Int(rawSectors)
        let setupSize = (sectors + 1) * Self.sectorSize
        // The protected-mode kernel must at least reach its 64-bit entry point at +0x200.
        guard setupSize >= headerEnd,
              bytes.count > setupSize + Int(X86MemoryLayout.bzImage64BitEntryOffset)
        else {
            throw BootError.truncatedBzImage(setupSectors: sectors, fileSize: bytes.count)
        }
        let protectedModeSize = UInt64(bytes.count - setupSize)
        guard UInt64(payloadOffset) <= protectedModeSize,
              UInt64(payloadLength) <= protectedModeSize - UInt64(payloadOffset)
        else {
            throw BootError.truncatedBzImage(setupSectors: sectors, fileSize: bytes.count)
        }

        self.setupSectors = sectors
        self.protocolVersion = version
        self.loadFlags = loadFlags
        self.xloadFlags = xloadFlags
        self.commandLineSize = commandLineSize
        self.initrdAddressMax = initrdAddressMax
        self.kernelAlignment = kernelAlignment
        self.relocatable = relocatable != 0
        self.preferredAddress = preferredAddress
        self.initSize = initSize
        self.payloadOffset = payloadOffset
        self.payloadLength = payloadLength
        self.setupHeaderBytes = Array(bytes[Offset.setupSectors..<headerEnd])
        self.fileSize = bytes.count
    }

    /// Bytes of the real-mode part (boot sector plus setup sectors); the protected-mode kernel follows.
    public var setupSize: Int { (setupSectors + 1) * Self.sectorSize }

    /// Bytes of the protected-mode kernel loaded at 1 MiB.
    public var protectedModeSize: Int { fileSize - setupSize }

    /// Where the kernel decompresses and runs when loaded at `loadAddress`: a relocatable kernel
    /// aligns its load address up to kernel_alignment but never goes below pref_address
    /// (LOAD_PHYSICAL_ADDR); a fixed one runs at pref_address. Nil if the header's values overflow.
    public func runtimeStart(loadAddress: UInt64) -> UInt64? {
        guard relocatable else { return preferredAddress }
        let alignment = UInt64(max(kernelAlignment, 1))
        let (padded, overflow) = loadAddress.addingReportingOverflow(alignment - 1)
        guard !overflow else { return nil }
        return max(padded / alignment * alignment, preferredAddress)
    }

    /// One past the last byte the kernel touches before it reads the memory map: the loaded image
    /// itself and init_size bytes from its runtime start. Nil if the header's values overflow.
    public func memoryEnd(loadAddress: UInt64) -> UInt64? {
        guard let start = runtimeStart(loadAddress: loadAddress) else { return nil }
        let (runtimeEnd, overflow) = start.addingReportingOverflow(UInt64(initSize))
        guard !overflow else { return nil }
        return max(runtimeEnd, loadAddress + UInt64(protectedModeSize))
    }
}
