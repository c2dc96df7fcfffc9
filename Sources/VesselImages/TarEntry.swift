/// One member of a tar stream, with pax and GNU long-name extensions already applied.
struct TarEntry {
    enum Kind: Equatable {
        case regular
        case hardLink
        case symbolicLink
        case characterDevice
        case blockDevice
        case directory
        case fifo
    }

    var kind: Kind
    var path: String
    var linkName: String
    var mode: UInt32
    var uid: Int
    var gid: Int
    var size: Int64
    var modificationSeconds: Int
    var modificationNanoseconds: Int
    var deviceMajor: UInt32
    var deviceMinor: UInt32
    var xattrs: [(name: String, value: [UInt8])]
}
