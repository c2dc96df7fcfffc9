/// An uncompressed x86-64 ELF kernel (vmlinux) booted through its PVH entry point.
public struct ELFKernel: Sendable, Equatable {
    public static let magic: [UInt8] = [0x7f, 0x45, 0x4c, 0x46]
    public static let headerSize = 64
    public static let programHeaderSize = 56
    public static let machineX86_64: UInt16 = 62
    public static let typeLoad: UInt32 = 1
    public static let typeNote: UInt32 = 4
    /// XEN_ELFNOTE_PHYS32_ENTRY: the 32-bit physical PVH entry point.
    public static let xenNotePhys32Entry: UInt32 = 18
    public static let xenNoteName: [UInt8] = Array("Xen".utf8) + [0]
    /// A vmlinux has a handful of program headers; this bounds work on hostile input.
    public static let maximumProgramHeaders = 256

    public let segments: [ELFSegment]
    /// Physical address of the PVH entry point (32-bit protected mode, paging off).
    public let pvhEntry: UInt32
    public let bytes: [UInt8]

    public static func hasMagic(_ bytes: [UInt8]) -> Bool {
        bytes.count >= magic.count && Array(bytes[0..<magic.count]) == magic
    }

    public init(parsing bytes: [UInt8]) throws {
        let reader = ByteReader(bytes)
        guard Self.hasMagic(bytes) else { throw BootError.notALinuxKernel(fileSize: bytes.count) }
        guard bytes.count >= Self.headerSize else {
            throw BootError.malformedELF("file of \(bytes.count) bytes is shorter than the 64-byte ELF header")
        }
        guard bytes[4] == 2 else { throw BootError.unsupportedELF("not a 64-bit ELF (EI_CLASS \(bytes[4]))") }
        guard bytes[5] == 1 else { throw BootError.unsupportedELF("not little-endian (EI_DATA \(bytes[5]))") }
        guard let machine = reader.integer(at: 18, as: UInt16.self),
              let programHeaderOffset = reader.integer(at: 32, as: UInt64.self),
              let programHeaderEntrySize = reader.integer(at: 54, as: UInt16.self),
              let programHeaderCount = reader.integer(at: 56, as: UInt16.self)
        else {
            throw BootError.malformedELF("truncated ELF header")
        }
        guard machine == Self.machineX86_64 else {
            throw BootError.unsupportedELF("machine \(machine) is not x86-64 (62)")
        }
        guard Int(programHeaderEntrySize) == Self.programHeaderSize else {
            throw BootError.malformedELF("program header entry size \(programHeaderEntrySize) is not 56")
        }
        guard programHeaderCount > 0, Int(programHeaderCount) <= Self.maximumProgramHeaders else {
            throw BootError.malformedELF("program header count \(programHeaderCount) is out of range")
        }
        let tableSize = UInt64(programHeaderCount) * UInt64(Self.programHeaderSize)
        guard reader.range(at: programHeaderOffset, count: tableSize) != nil else {
            throw BootError.malformedELF(
                "program header table at offset \(programHeaderOffset) (\(tableSize) bytes) is outside the \(bytes.count) byte file")
        }

        var segments: [ELFSegment] = []
        var pvhEntry: UInt32?
        for index in 0..<UInt64(programHeaderCount) {
            let base = programHeaderOffset + index * UInt64(Self.programHeaderSize)
            guard let type = reader.integer(at: base, as: UInt32.self),
                  let offset = reader.integer(at: base + 8, as: UInt64.self),
                  let physicalAddress = reader.integer(at: base + 24, as: UInt64.self),
                  let fileSize = reader.integer(at: base + 32, as: UInt64.self),
                  let memorySize = reader.integer(at: base + 40, as: UInt64.self)
            else {
                throw BootError.malformedELF("program header \(index) is truncated")
            }
            guard reader.range(at: offset, count: fileSize) != nil else {
                throw BootError.malformedELF(
                    "program header \(index) data at offset \(offset) (\(fileSize) bytes) is outside the \(bytes.count) byte file")
            }
            switch type {
            case Self.typeLoad:
                guard fileSize <= memorySize else {
                    throw BootError.malformedELF("segment \(index) has file size \(fileSize) above its memory size \(memorySize)")
                }
                guard physicalAddress.addingReportingOverflow(memorySize).overflow == false else {
                    throw BootError.malformedELF("segment \(index) at 0x\(String(physicalAddress, radix: 16)) wraps the address space")
                }
                if memorySize > 0 {
                    segments.append(ELFSegment(physicalAddress: physicalAddress, fileOffset: offset,
                                               fileSize: fileSize, memorySize: memorySize))
                }
            case Self.typeNote:
                if pvhEntry == nil {
                    pvhEntry = try Self.findPVHEntry(reader: reader, offset: offset, size: fileSize)
                }
            default:
                continue
            }
        }
        guard !segments.isEmpty else { throw BootError.malformedELF("no PT_LOAD segment") }
        guard let pvhEntry else { throw BootError.missingPVHNote }
        self.segments = segments
        self.pvhEntry = pvhEntry
        self.bytes = bytes
    }

    /// One past the highest physical byte any segment occupies.
    public var physicalEnd: UInt64 {
        segments.map(\.end).max() ?? 0
    }

    /// Walks the notes of one PT_NOTE segment; every name and descriptor is padded to 4 bytes.
    static func findPVHEntry(reader: ByteReader, offset: UInt64, size: UInt64) throws -> UInt32? {
        var position = offset
        let end = offset + size  // checked against the file by the caller
        while end - position >= 12 {
            guard let nameSize = reader.integer(at: position, as: UInt32.self),
                  let descriptorSize = reader.integer(at: position + 4, as: UInt32.self),
                  let type = reader.integer(at: position + 8, as: UInt32.self)
            else {
                throw BootError.malformedELF("note header at offset \(position) is truncated")
            }
            let nameStart = position + 12
            let descriptorStart = nameStart + alignedTo4(UInt64(nameSize))
            let next = descriptorStart + alignedTo4(UInt64(descriptorSize))
            guard next <= end else {
                throw BootError.malformedELF("note at offset \(position) (name \(nameSize), descriptor \(descriptorSize) bytes) overflows its segment")
            }
            if type == xenNotePhys32Entry,
               let name = reader.slice(at: nameStart, count: UInt64(nameSize)), Array(name) == xenNoteName {
                switch descriptorSize {
                case 4:
                    return reader.integer(at: descriptorStart, as: UInt32.self)
                case 8:
                    guard let entry = reader.integer(at: descriptorStart, as: UInt64.self),
                          let entry32 = UInt32(exactly: entry)
                    else {
                        throw BootError.malformedELF("PVH entry point note holds an address above 4 GiB")
                    }
                    return entry32
                default:
                    throw BootError.malformedELF("PVH entry point note has a \(descriptorSize) byte descriptor, not 4 or 8")
                }
            }
            position = next
        }
        return nil
    }

    private static func alignedTo4(_ value: UInt64) -> UInt64 {
        (value + 3) & ~3
    }
}
