/// Bounds-checked little-endian reads from an untrusted byte array; nil instead of trapping.
struct ByteReader {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var count: Int { bytes.count }

    func integer<T: FixedWidthInteger>(at offset: Int, as type: T.Type = T.self) -> T? {
        let size = MemoryLayout<T>.size
        guard offset >= 0, offset <= bytes.count, size <= bytes.count - offset else { return nil }
        var value: T = 0
        for index in 0..<size {
            value |= T(truncatingIfNeeded: bytes[offset + index]) << (8 * index)
        }
        return value
    }

    func integer<T: FixedWidthInteger>(at offset: UInt64, as type: T.Type = T.self) -> T? {
        guard offset <= UInt64(Int.max) else { return nil }
        return integer(at: Int(offset), as: type)
    }

    /// The range [offset, offset+length) if it lies wholly inside the bytes.
    func range(at offset: UInt64, count length: UInt64) -> Range<Int>? {
        let total = UInt64(bytes.count)
        guard offset <= total, length <= total - offset else { return nil }
        return Int(offset)..<Int(offset + length)
    }

    func slice(at offset: UInt64, count length: UInt64) -> ArraySlice<UInt8>? {
        guard let range = range(at: offset, count: length) else { return nil }
        return bytes[range]
    }
}
