/// The Root System Description Pointer, revision 2 (36 bytes), pointing at the XSDT only.
public struct ACPIRootPointer: Sendable, Equatable {
    public static let size = 36
    public static let signature: [UInt8] = Array("RSD PTR ".utf8)

    public enum Offset {
        public static let checksum = 8
        public static let oemID = 9
        public static let revision = 15
        public static let rsdtAddress = 16
        public static let length = 20
        public static let xsdtAddress = 24
        public static let extendedChecksum = 32
    }

    public var xsdtAddress: UInt64

    public init(xsdtAddress: UInt64) {
        self.xsdtAddress = xsdtAddress
    }

    /// The first checksum covers the ACPI 1.0 part (20 bytes), the extended one all 36.
    public var bytes: [UInt8] {
        var bytes = Self.signature
        bytes.append(0)
        bytes.append(contentsOf: ACPITable.oemID)
        bytes.append(2)
        bytes.appendLittleEndian(UInt32(0))  // no RSDT
        bytes.appendLittleEndian(UInt32(Self.size))
        bytes.appendLittleEndian(xsdtAddress)
        bytes.append(contentsOf: [0, 0, 0, 0])
        bytes[Offset.checksum] = ACPITable.checksum(bytes[0..<20])
        bytes[Offset.extendedChecksum] = ACPITable.checksum(bytes)
        return bytes
    }
}
