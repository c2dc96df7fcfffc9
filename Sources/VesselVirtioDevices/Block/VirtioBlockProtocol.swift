import VesselVirtio

/// virtio-blk wire constants (Virtio 1.2, 5.2). Sectors are always 512 bytes, whatever blk_size says.
public enum VirtioBlockProtocol {
    public static let sectorSize = 512
    public static let headerSize = 16
    /// A discard or write-zeroes segment: le64 sector, le32 num_sectors, le32 flags.
    public static let segmentSize = 16
    /// GET_ID answers at most this many bytes, NUL-padded.
    public static let identifierLength = 20

    public enum Feature {
        public static let segmentMaximum = VirtioFeatures.bit(2)
        public static let readOnly = VirtioFeatures.bit(5)
        public static let blockSize = VirtioFeatures.bit(6)
        public static let flush = VirtioFeatures.bit(9)
        public static let discard = VirtioFeatures.bit(13)
        public static let writeZeroes = VirtioFeatures.bit(14)
    }

    public enum RequestType: UInt32, Sendable {
        case read = 0
        case write = 1
        case flush = 4
        case getIdentifier = 8
        case discard = 11
        case writeZeroes = 13
    }

    public enum Status: UInt8, Sendable {
        case ok = 0
        case ioError = 1
        case unsupported = 2
    }

    /// Write-zeroes segment flag: the device may deallocate the range instead of writing zeroes.
    public static let writeZeroesUnmap: UInt32 = 1
}
