/// `struct virtio_vsock_hdr` (Virtio 1.2, 5.10.6): 44 bytes, little-endian, packed.
public struct VsockPacketHeader: Sendable, Equatable {
    public static let size = 44
    /// Host CID (VMADDR_CID_HOST).
    public static let hostCID: UInt64 = 2
    public static let streamType: UInt16 = 1
    /// SHUTDOWN flags: the sender will receive no more data / send no more data.
    public static let shutdownReceive: UInt32 = 1
    public static let shutdownSend: UInt32 = 2

    public var sourceCID: UInt64
    public var destinationCID: UInt64
    public var sourcePort: UInt32
    public var destinationPort: UInt32
    public var length: UInt32
    public var type: UInt16
    public var operation: UInt16
    public var flags: UInt32
    public var bufferAllocation: UInt32
    public var forwardCount: UInt32

    public init(sourceCID: UInt64, destinationCID: UInt64, sourcePort: UInt32, destinationPort: UInt32,
                length: UInt32 = 0, type: UInt16 = VsockPacketHeader.streamType, operation: VsockOperation,
                flags: UInt32 = 0, bufferAllocation: UInt32 = 0, forwardCount: UInt32 = 0) {
        self.sourceCID = sourceCID
        self.destinationCID = destinationCID
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
        self.length = length
        self.type = type
        self.operation = operation.rawValue
        self.flags = flags
        self.bufferAllocation = bufferAllocation
        self.forwardCount = forwardCount
    }

    /// Decodes the first 44 bytes; nil when `bytes` is shorter.
    public init?(bytes: [UInt8]) {
        guard bytes.count >= Self.size else { return nil }
        func field<T: FixedWidthInteger>(_ offset: Int, _: T.Type) -> T {
            var value: T = 0
            for index in 0..<MemoryLayout<T>.size {
                value |= T(bytes[offset + index]) << (8 * index)
            }
            return value
        }
        sourceCID = field(0, UInt64.self)
        destinationCID = field(8, UInt64.self)
        sourcePort = field(16, UInt32.self)
        destinationPort = field(20, UInt32.self)
        length = field(24, UInt32.self)
        type = field(28, UInt16.self)
        operation = field(30, UInt16.self)
        flags = field(32, UInt32.self)
        bufferAllocation = field(36, UInt32.self)
        forwardCount = field(40, UInt32.self)
    }

    public var bytes: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.size)
        func append<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }
        append(sourceCID)
        append(destinationCID)
        append(sourcePort)
        append(destinationPort)
        append(length)
        append(type)
        append(operation)
        append(flags)
        append(bufferAllocation)
        append(forwardCount)
        return bytes
    }

    public var knownOperation: VsockOperation? { VsockOperation(rawValue: operation) }
}
