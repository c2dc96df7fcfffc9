/// A system description table: the 36-byte ACPI header followed by a body, with length and checksum filled in.
public struct ACPITable: Sendable, Equatable {
    public static let headerSize = 36
    public static let oemID: [UInt8] = Array("VESSEL".utf8)
    public static let creatorID: [UInt8] = Array("VSSL".utf8)
    public static let oemRevision: UInt32 = 1
    public static let creatorRevision: UInt32 = 1

    public enum Offset {
        public static let signature = 0
        public static let length = 4
        public static let revision = 8
        public static let checksum = 9
        public static let oemID = 10
        public static let oemTableID = 16
        public static let oemRevision = 24
        public static let creatorID = 28
        public static let creatorRevision = 32
    }

    /// Four ASCII characters, e.g. "FACP".
    public let signature: String
    public let revision: UInt8
    public let body: [UInt8]

    public init(signature: String, revision: UInt8, body: [UInt8]) {
        self.signature = signature
        self.revision = revision
        self.body = body
    }

    public var length: Int { Self.headerSize + body.count }

    /// The complete table whose bytes sum to zero.
    public var bytes: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(length)
        bytes.append(contentsOf: Array(signature.utf8).paddedOrTruncated(to: 4))
        bytes.appendLittleEndian(UInt32(length))
        bytes.append(revision)
        bytes.append(0)  // checksum, set below
        bytes.append(contentsOf: Self.oemID)
        // OEM table ID: "VESSEL" followed by the signature's first two letters keeps IDs distinct.
        bytes.append(contentsOf: (Array("VESSEL".utf8) + Array(signature.utf8)).paddedOrTruncated(to: 8))
        bytes.appendLittleEndian(Self.oemRevision)
        bytes.append(contentsOf: Self.creatorID)
        bytes.appendLittleEndian(Self.creatorRevision)
        bytes.append(contentsOf: body)
        bytes[Offset.checksum] = Self.checksum(bytes)
        return bytes
    }

    /// The byte that makes `bytes` sum to zero modulo 256 when stored in a zeroed checksum field.
    public static func checksum(_ bytes: some Collection<UInt8>) -> UInt8 {
        let sum = bytes.reduce(UInt8(0)) { $0 &+ $1 }
        return 0 &- sum
    }
}
