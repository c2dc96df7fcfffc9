/// Where the initrd comes from: bytes in memory, or a file read straight into guest memory.
public enum InitialRamdisk: Sendable, Equatable {
    case bytes([UInt8])
    case path(String)
}

extension InitialRamdisk {
    /// Size of an initrd file, checking that it exists, is readable and is a regular file.
    public static func fileSize(path: String) throws -> UInt64 {
        try BootFile(path: path, what: "initrd").size()
    }
}
