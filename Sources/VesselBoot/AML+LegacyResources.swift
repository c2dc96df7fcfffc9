extension AML {
    /// EisaId("PNP0501"): three letters packed 5 bits each, then four hex digits, as a DWord constant.
    public static func eisaID(_ id: String) throws -> [UInt8] {
        let characters = Array(id.utf8)
        guard characters.count == 7,
              characters.prefix(3).allSatisfy({ (0x41...0x5a).contains($0) }),
              let product = UInt16(String(decoding: characters.suffix(4), as: UTF8.self), radix: 16)
        else { throw BootError.invalidACPIName(id) }
        let letters = characters.prefix(3).map { UInt32($0 - 0x40) }
        let vendor = (letters[0] << 10) | (letters[1] << 5) | letters[2]
        let value = UInt32(vendor >> 8) | (UInt32(vendor & 0xff) << 8)
            | (UInt32(product >> 8) << 16) | (UInt32(product & 0xff) << 24)
        var bytes: [UInt8] = [dwordPrefix]
        bytes.appendLittleEndian(value)
        return bytes
    }

    /// IO(Decode16, base, base, 1, length): small resource item 0x47 for a fixed port range.
    public static func ioPort(base: UInt16, length: UInt8) -> [UInt8] {
        var bytes: [UInt8] = [0x47, 0x01]
        bytes.appendLittleEndian(base)
        bytes.appendLittleEndian(base)
        bytes.append(1)
        bytes.append(length)
        return bytes
    }
}
