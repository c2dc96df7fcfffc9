/// Copies a device's configuration bytes for any access width and offset, zero past the end.
public enum VirtioConfigurationSpace {
    public static func read(_ bytes: [UInt8], offset: Int, into data: UnsafeMutableRawBufferPointer) {
        for index in 0..<data.count {
            let position = offset + index
            data[index] = position >= 0 && position < bytes.count ? bytes[position] : 0
        }
    }

    /// Writes into `bytes` within `writable` (a range of offsets the driver may change).
    public static func write(_ bytes: inout [UInt8], writable: Range<Int>, offset: Int, data: UnsafeRawBufferPointer) {
        for index in 0..<data.count {
            let position = offset + index
            if writable.contains(position) && position < bytes.count {
                bytes[position] = data[index]
            }
        }
    }
}
