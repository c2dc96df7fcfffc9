/// A Linux kernel in one of the formats Vessel boots.
public enum KernelImage: Sendable, Equatable {
    /// A compressed bzImage entered through its 64-bit entry point.
    case bzImage(header: BzImageHeader, bytes: [UInt8])
    /// An uncompressed vmlinux entered through its PVH entry point.
    case elf(ELFKernel)

    /// Kernel files larger than this are refused before reading.
    public static let maximumFileSize: UInt64 = 1 << 30

    /// Detects the format from the bytes and parses it.
    public static func parse(_ bytes: [UInt8]) throws -> KernelImage {
        if ELFKernel.hasMagic(bytes) {
            return .elf(try ELFKernel(parsing: bytes))
        }
        if BzImageHeader.hasMagic(bytes) {
            return .bzImage(header: try BzImageHeader(parsing: bytes), bytes: bytes)
        }
        throw BootError.notALinuxKernel(fileSize: bytes.count)
    }

    /// Reads and parses the kernel file at `path`.
    public static func load(path: String) throws -> KernelImage {
        try parse(BootFile.readAll(path: path, what: "kernel image", limit: maximumFileSize))
    }

    public var formatName: String {
        switch self {
        case .bzImage: return "bzImage"
        case .elf: return "ELF (PVH)"
        }
    }
}
