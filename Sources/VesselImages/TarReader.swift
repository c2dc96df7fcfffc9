/// A streaming tar reader: ustar, pax extended headers (path, linkpath, size, mtime, uid, gid, SCHILY.xattr)
/// and GNU long names. Checksums are verified; a truncated or garbled stream is a `.corrupt` error.
final class TarReader {
    private let source: ByteSource
    private var buffer: UnsafeMutableRawBufferPointer
    private var start = 0
    private var end = 0
    private var sourceEnded = false
    /// Content bytes of the current entry not yet consumed, and the padding after them.
    private var remaining: Int64 = 0
    private var padding = 0

    init(source: ByteSource, bufferSize: Int = 1 << 20) {
        self.source = source
        buffer = .allocate(byteCount: bufferSize, alignment: 4096)
    }

    deinit { buffer.deallocate() }

    /// Ensures at least `count` bytes are buffered; false at the end of the stream.
    private func fill(_ count: Int) throws -> Bool {
        if end - start >= count { return true }
        if start > 0 {
            let pending = end - start
            if pending > 0, let base = buffer.baseAddress {
                base.copyMemory(from: base + start, byteCount: pending)
            }
            start = 0
            end = pending
        }
        while end < count && !sourceEnded {
            let read = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[end...]))
            if read == 0 { sourceEnded = true }
            end += read
        }
        return end - start >= count
    }

    private func skip(_ count: Int64) throws {
        var left = count
        while left > 0 {
            if start == end {
                guard try fill(1) else { throw ImageError(.corrupt, "corrupt tar: truncated") }
            }
            let step = Int(min(left, Int64(end - start)))
            start += step
            left -= Int64(step)
        }
    }

    /// Streams the current entry's content to `body` in chunks.
    func readContent(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        while remaining > 0 {
            if start == end {
                guard try fill(1) else { throw ImageError(.corrupt, "corrupt tar: truncated") }
            }
            let step = Int(min(remaining, Int64(end - start)))
            try body(UnsafeRawBufferPointer(rebasing: buffer[start..<(start + step)]))
            start += step
            remaining -= Int64(step)
        }
    }

    private func readAllContent(limit: Int64) throws -> [UInt8] {
        guard remaining <= limit else { throw ImageError(.corrupt, "corrupt tar: extended header of \(remaining) bytes") }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(remaining))
        try readContent { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// The next entry, or nil at the end of the archive.
    func next() throws -> TarEntry? {
        try skip(remaining)
        remaining = 0
        try skip(Int64(padding))
        padding = 0
        var paxPath: String?
        var paxLink: String?
        var paxValues: [String: String] = [:]
        var xattrs: [(name: String, value: [UInt8])] = []
        while true {
            guard try fill(512) else {
                if end == start { return nil }  // no end-of-archive blocks: accepted, as GNU tar does
                throw ImageError(.corrupt, "corrupt tar: truncated header")
            }
            let header = UnsafeRawBufferPointer(rebasing: buffer[start..<(start + 512)])
            start += 512
            if header.allSatisfy({ $0 == 0 }) { return nil }
            try Self.verifyChecksum(header)
            let size = try Self.number(header, 124, 12)
            guard size >= 0 else { throw ImageError(.corrupt, "corrupt tar: negative size") }
            let flag = header[156]
            remaining = size
            padding = Int((512 - size % 512) % 512)
            switch flag {
            case UInt8(ascii: "x"):
                let records = try readAllContent(limit: 1 << 20)
                try skip(Int64(padding)); padding = 0
                for (key, value) in try Self.paxRecords(records) {
                    if key == "path" { paxPath = String(decoding: value, as: UTF8.self) }
                    else if key == "linkpath" { paxLink = String(decoding: value, as: UTF8.self) }
                    else if key.hasPrefix("SCHILY.xattr.") { xattrs.append((String(key.dropFirst(13)), value)) }
                    else { paxValues[key] = String(decoding: value, as: UTF8.self) }
                }
                continue
            case UInt8(ascii: "g"):
                _ = try readAllContent(limit: 1 << 20)
                try skip(Int64(padding)); padding = 0
                continue
            case UInt8(ascii: "L"), UInt8(ascii: "K"):
                var name = try readAllContent(limit: 1 << 16)
                try skip(Int64(padding)); padding = 0
                while name.last == 0 { name.removeLast() }
                if flag == UInt8(ascii: "L") { paxPath = String(decoding: name, as: UTF8.self) }
                else { paxLink = String(decoding: name, as: UTF8.self) }
                continue
            default:
                break
            }
            let kind: TarEntry.Kind
            switch flag {
            case 0, UInt8(ascii: "0"), UInt8(ascii: "7"): kind = .regular
            case UInt8(ascii: "1"): kind = .hardLink
            case UInt8(ascii: "2"): kind = .symbolicLink
            case UInt8(ascii: "3"): kind = .characterDevice
            case UInt8(ascii: "4"): kind = .blockDevice
            case UInt8(ascii: "5"): kind = .directory
            case UInt8(ascii: "6"): kind = .fifo
            default:
                throw ImageError(.unsupported, "unsupported tar entry type '\(Character(Unicode.Scalar(flag)))' in layer")
            }
            var path = paxPath ?? Self.string(header, 0, 100)
            if paxPath == nil, Self.string(header, 257, 5) == "ustar" {
                let prefix = Self.string(header, 345, 155)
                if !prefix.isEmpty { path = prefix + "/" + path }
            }
            var entry = TarEntry(
                kind: kind, path: path, linkName: paxLink ?? Self.string(header, 157, 100),
                mode: UInt32(truncatingIfNeeded: try Self.number(header, 100, 8)),
                uid: Int(try Self.number(header, 108, 8)), gid: Int(try Self.number(header, 116, 8)),
                size: size, modificationSeconds: Int(try Self.number(header, 136, 12)), modificationNanoseconds: 0,
                deviceMajor: UInt32(truncatingIfNeeded: try Self.number(header, 329, 8)),
                deviceMinor: UInt32(truncatingIfNeeded: try Self.number(header, 337, 8)),
                xattrs: xattrs)
            if let value = paxValues["size"], let parsed = Int64(value), parsed >= 0 {
                entry.size = parsed
                remaining = parsed
                padding = Int((512 - parsed % 512) % 512)
            }
            if let value = paxValues["uid"], let parsed = Int(value) { entry.uid = parsed }
            if let value = paxValues["gid"], let parsed = Int(value) { entry.gid = parsed }
            if let value = paxValues["mtime"] {
                let parts = value.split(separator: ".", maxSplits: 1)
                if let seconds = parts.first.flatMap({ Int($0) }) { entry.modificationSeconds = seconds }
                if parts.count == 2 {
                    let digits = String(parts[1].prefix(9)).padding(toLength: 9, withPad: "0", startingAt: 0)
                    entry.modificationNanoseconds = Int(digits) ?? 0
                }
            }
            if kind != .regular {
                // Links, directories and devices carry no content even if a size is recorded.
                if kind == .hardLink || kind == .symbolicLink || kind == .directory { entry.size = 0 }
            }
            return entry
        }
    }

    private static func string(_ header: UnsafeRawBufferPointer, _ offset: Int, _ length: Int) -> String {
        let field = header[offset..<(offset + length)]
        let bytes = field.prefix { $0 != 0 }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Octal (NUL/space terminated) or GNU base-256 (high bit set).
    private static func number(_ header: UnsafeRawBufferPointer, _ offset: Int, _ length: Int) throws -> Int64 {
        let field = header[offset..<(offset + length)]
        if let first = field.first, first & 0x80 != 0 {
            var value: Int64 = Int64(first & 0x7f)
            for byte in field.dropFirst() {
                guard value < (Int64.max >> 8) else { throw ImageError(.corrupt, "corrupt tar: number out of range") }
                value = value << 8 | Int64(byte)
            }
            return value
        }
        var value: Int64 = 0
        var seenDigit = false
        for byte in field {
            if byte == 0 || (byte == 32 && seenDigit) { break }
            if byte == 32 { continue }
            guard byte >= 48, byte <= 55 else { throw ImageError(.corrupt, "corrupt tar: bad number in header") }
            guard value < (Int64.max >> 3) else { throw ImageError(.corrupt, "corrupt tar: number out of range") }
            value = value * 8 + Int64(byte - 48)
            seenDigit = true
        }
        return value
    }

    private static func verifyChecksum(_ header: UnsafeRawBufferPointer) throws {
        let recorded = try number(header, 148, 8)
        var unsigned: Int64 = 0
        var signed: Int64 = 0
        for index in 0..<512 {
            let byte = (148..<156).contains(index) ? 32 : header[index]
            unsigned += Int64(byte)
            signed += Int64(Int8(bitPattern: byte))
        }
        guard recorded == unsigned || recorded == signed else {
            throw ImageError(.corrupt, "corrupt tar: header checksum mismatch")
        }
    }

    /// pax records: "LENGTH KEY=VALUE\n".
    private static func paxRecords(_ bytes: [UInt8]) throws -> [(String, [UInt8])] {
        var records: [(String, [UInt8])] = []
        var index = 0
        while index < bytes.count {
            guard let space = bytes[index...].firstIndex(of: 32),
                  let length = Int(String(decoding: bytes[index..<space], as: UTF8.self)),
                  length > space - index, index + length <= bytes.count,
                  let equals = bytes[(space + 1)..<(index + length)].firstIndex(of: UInt8(ascii: "="))
            else { throw ImageError(.corrupt, "corrupt tar: malformed pax header") }
            let key = String(decoding: bytes[(space + 1)..<equals], as: UTF8.self)
            let value = Array(bytes[(equals + 1)..<(index + length - 1)])
            records.append((key, value))
            index += length
        }
        return records
    }
}
