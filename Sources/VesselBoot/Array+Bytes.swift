extension Array where Element == UInt8 {
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        for index in 0..<MemoryLayout<T>.size {
            append(UInt8(truncatingIfNeeded: value >> (8 * index)))
        }
    }

    /// Stores at an offset our own code chose; the buffer is sized for it by construction.
    mutating func storeLittleEndian<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        for index in 0..<MemoryLayout<T>.size {
            self[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index))
        }
    }

    /// Pads with zeros up to a multiple of `alignment`.
    mutating func padToAlignment(_ alignment: Int) {
        while count % alignment != 0 { append(0) }
    }

    /// Space-pads or cuts to exactly `count` bytes, as ACPI ID fields want.
    func paddedOrTruncated(to count: Int) -> [UInt8] {
        Array(prefix(count)) + [UInt8](repeating: 0x20, count: Swift.max(0, count - self.count))
    }
}
