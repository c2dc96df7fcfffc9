/// A small encoder for the ACPI Machine Language objects Vessel's DSDT needs (ACPI 6.x, chapter 20).
public enum AML {
    public static let zeroOp: UInt8 = 0x00
    public static let oneOp: UInt8 = 0x01
    public static let nameOp: UInt8 = 0x08
    public static let bytePrefix: UInt8 = 0x0a
    public static let wordPrefix: UInt8 = 0x0b
    public static let dwordPrefix: UInt8 = 0x0c
    public static let stringPrefix: UInt8 = 0x0d
    public static let qwordPrefix: UInt8 = 0x0e
    public static let scopeOp: UInt8 = 0x10
    public static let bufferOp: UInt8 = 0x11
    public static let packageOp: UInt8 = 0x12
    public static let extendedOpPrefix: UInt8 = 0x5b
    public static let deviceOp: UInt8 = 0x82
    public static let rootPrefix: UInt8 = 0x5c
    /// PkgLength can express at most 28 bits.
    public static let maximumPackageLength = (1 << 28) - 1

    /// The PkgLength prefix for `contentLength` bytes that follow it; the encoded value counts its own bytes.
    public static func packageLength(contentLength: Int) throws -> [UInt8] {
        guard contentLength >= 0, contentLength <= maximumPackageLength else {
            throw BootError.amlTooLarge(length: contentLength)
        }
        if contentLength + 1 <= 0x3f {
            return [UInt8(contentLength + 1)]
        }
        for extraBytes in 1...3 {
            let total = contentLength + 1 + extraBytes
            guard total < 1 << (4 + 8 * extraBytes) else { continue }
            var bytes = [UInt8(extraBytes << 6) | UInt8(total & 0x0f)]
            for index in 0..<extraBytes {
                bytes.append(UInt8(truncatingIfNeeded: total >> (4 + 8 * index)))
            }
            return bytes
        }
        throw BootError.amlTooLarge(length: contentLength)
    }

    /// A 4-character NameSeg: leading A-Z or _, then A-Z, 0-9 or _.
    public static func nameSegment(_ name: String) throws -> [UInt8] {
        let bytes = Array(name.utf8)
        guard bytes.count == 4, let first = bytes.first, isLeadNameCharacter(first),
              bytes.dropFirst().allSatisfy({ isLeadNameCharacter($0) || (0x30...0x39).contains($0) })
        else {
            throw BootError.invalidACPIName(name)
        }
        return bytes
    }

    /// A NameString of one segment, optionally rooted with a leading backslash (e.g. "\\_SB_").
    public static func nameString(_ path: String) throws -> [UInt8] {
        if path.hasPrefix("\\") {
            return [rootPrefix] + (try nameSegment(String(path.dropFirst())))
        }
        return try nameSegment(path)
    }

    /// The shortest integer encoding: ZeroOp, OneOp, or a Byte/Word/DWord/QWord constant.
    public static func integer(_ value: UInt64) -> [UInt8] {
        var bytes: [UInt8]
        switch value {
        case 0: return [zeroOp]
        case 1: return [oneOp]
        case 0...0xff:
            bytes = [bytePrefix]
            bytes.appendLittleEndian(UInt8(value))
        case 0...0xffff:
            bytes = [wordPrefix]
            bytes.appendLittleEndian(UInt16(value))
        case 0...0xffff_ffff:
            bytes = [dwordPrefix]
            bytes.appendLittleEndian(UInt32(value))
        default:
            bytes = [qwordPrefix]
            bytes.appendLittleEndian(value)
        }
        return bytes
    }

    /// A String constant: printable ASCII and a terminating NUL.
    public static func string(_ value: String) throws -> [UInt8] {
        let bytes = Array(value.utf8)
        guard bytes.allSatisfy({ (0x20...0x7e).contains($0) }) else { throw BootError.invalidACPIString(value) }
        return [stringPrefix] + bytes + [0]
    }

    /// Name(name, object).
    public static func name(_ name: String, _ object: [UInt8]) throws -> [UInt8] {
        [nameOp] + (try nameString(name)) + object
    }

    /// Package(){elements}: each element is an already encoded data object.
    public static func package(_ elements: [[UInt8]]) throws -> [UInt8] {
        guard elements.count <= 0xff else { throw BootError.amlTooLarge(length: elements.count) }
        let content = [UInt8(elements.count)] + elements.flatMap { $0 }
        return [packageOp] + (try packageLength(contentLength: content.count)) + content
    }

    /// Buffer(){bytes} with its size given as an integer.
    public static func buffer(_ bytes: [UInt8]) throws -> [UInt8] {
        let content = integer(UInt64(bytes.count)) + bytes
        return [bufferOp] + (try packageLength(contentLength: content.count)) + content
    }

    /// Scope(path){body}.
    public static func scope(_ path: String, _ body: [UInt8]) throws -> [UInt8] {
        let content = try nameString(path) + body
        return [scopeOp] + (try packageLength(contentLength: content.count)) + content
    }

    /// Device(name){body}.
    public static func device(_ name: String, _ body: [UInt8]) throws -> [UInt8] {
        let content = try nameSegment(name) + body
        return [extendedOpPrefix, deviceOp] + (try packageLength(contentLength: content.count)) + content
    }

    /// Device(name){ Name(_HID, hid), Name(_UID, uid), Name(_CRS, ResourceTemplate(){resources}) }.
    public static func identifiedDevice(_ name: String, hardwareID: [UInt8], uniqueID: UInt64,
                                        resources: [[UInt8]]) throws -> [UInt8] {
        let body = try AML.name("_HID", hardwareID)
            + AML.name("_UID", AML.integer(uniqueID))
            + AML.name("_CRS", resourceTemplate(resources))
        return try device(name, body)
    }

    /// ResourceTemplate(){descriptors} as a Buffer closed by an End Tag (checksum 0: "treat as valid").
    public static func resourceTemplate(_ descriptors: [[UInt8]]) throws -> [UInt8] {
        try buffer(descriptors.flatMap { $0 } + [0x79, 0x00])
    }

    /// Memory32Fixed(ReadWrite or ReadOnly, base, length): large resource item 0x86.
    public static func memory32Fixed(base: UInt32, length: UInt32, writable: Bool = true) -> [UInt8] {
        var bytes: [UInt8] = [0x86]
        bytes.appendLittleEndian(UInt16(9))
        bytes.append(writable ? 1 : 0)
        bytes.appendLittleEndian(base)
        bytes.appendLittleEndian(length)
        return bytes
    }

    /// Interrupt(ResourceConsumer, trigger, polarity, sharing){gsi}: large resource item 0x89 with one interrupt.
    public static func extendedInterrupt(_ gsi: UInt32, edgeTriggered: Bool = true, activeLow: Bool = false,
                                         shared: Bool = false) -> [UInt8] {
        var flags: UInt8 = 1  // consumer
        if edgeTriggered { flags |= 1 << 1 }
        if activeLow { flags |= 1 << 2 }
        if shared { flags |= 1 << 3 }
        var bytes: [UInt8] = [0x89]
        bytes.appendLittleEndian(UInt16(6))
        bytes.append(flags)
        bytes.append(1)  // interrupt table length
        bytes.appendLittleEndian(gsi)
        return bytes
    }

    private static func isLeadNameCharacter(_ byte: UInt8) -> Bool {
        (0x41...0x5a).contains(byte) || byte == 0x5f
    }
}
