/// The fuzzer's bytes, consumed front to back. Reads past the end yield zeros, so every input decodes
/// to some sequence of operations and libFuzzer's mutations always reach the harness.
public struct FuzzInput {
    let bytes: [UInt8]
    private(set) var position = 0

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    public var isExhausted: Bool { position >= bytes.count }

    mutating func byte() -> UInt8 {
        guard position < bytes.count else { return 0 }
        defer { position += 1 }
        return bytes[position]
    }

    /// A little-endian integer from the next `MemoryLayout<T>.size` bytes.
    mutating func integer<T: FixedWidthInteger & UnsignedInteger>(_: T.Type = T.self) -> T {
        var value: T = 0
        for shift in stride(from: 0, to: T.bitWidth, by: 8) {
            value |= T(byte()) << shift
        }
        return value
    }

    mutating func boolean() -> Bool { byte() & 1 == 1 }

    mutating func bytes(count: Int) -> [UInt8] {
        (0..<count).map { _ in byte() }
    }

    /// A guest address, mostly inside the harness's small memory so chains get parsed rather than
    /// rejected at once, sometimes at its edges or anywhere in the 64-bit space.
    mutating func guestAddress() -> UInt64 {
        switch byte() % 8 {
        case 0: return integer(UInt64.self)
        case 1: return VirtioFuzzHarness.memoryEnd &- UInt64(byte())
        case 2: return VirtioFuzzHarness.holeStart &- UInt64(byte()) &+ UInt64(byte())
        case 3: return UInt64.max &- UInt64(byte())
        default: return UInt64(integer(UInt16.self)) % VirtioFuzzHarness.memoryEnd
        }
    }

    /// A buffer length: mostly small, sometimes large enough to leave memory or overflow UInt32 sums.
    mutating func bufferLength() -> UInt32 {
        switch byte() % 8 {
        case 0: return integer(UInt32.self)
        case 1: return UInt32.max &- UInt32(byte())
        case 2: return UInt32(integer(UInt16.self))
        case 3: return UInt32(byte()) * 16
        default: return UInt32(byte())
        }
    }

    /// A queue size: usually a power of two up to 512, sometimes any 16-bit value.
    mutating func queueSize() -> UInt16 {
        let selector = byte()
        guard selector >= 32 else { return integer(UInt16.self) }
        return 1 << UInt16(selector % 10)
    }

    /// For chains meant to parse: inside guest memory (or its hole) seven times in eight.
    mutating func likelyValidAddress() -> UInt64 {
        byte() % 8 == 0 ? guestAddress() : UInt64(integer(UInt16.self)) % VirtioFuzzHarness.memoryEnd
    }

    mutating func likelyValidLength() -> UInt32 {
        byte() % 8 == 0 ? bufferLength() : UInt32(byte()) * 4
    }
}
