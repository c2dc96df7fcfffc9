import VesselDevices

extension PortIODevice {
    func readByte(_ offset: UInt16) -> UInt8 {
        var byte: UInt8 = 0
        withUnsafeMutableBytes(of: &byte) { read(offset: offset, into: $0) }
        return byte
    }

    func writeByte(_ offset: UInt16, _ value: UInt8) {
        withUnsafeBytes(of: value) { write(offset: offset, data: $0) }
    }
}

extension IOBus {
    /// Reads `count` bytes; nil when no device took the access.
    func readBytes(_ port: UInt16, count: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0xAB, count: count)
        let handled = bytes.withUnsafeMutableBytes { read(port: port, into: $0) }
        return handled ? bytes : nil
    }

    @discardableResult
    func writeBytes(_ port: UInt16, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { write(port: port, data: $0) }
    }
}
