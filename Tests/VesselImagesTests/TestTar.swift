import Foundation

/// Builds ustar archives byte by byte, so tests can craft entries no well-behaved tar tool would write.
struct TestTar {
    enum Kind: UInt8 {
        case file = 48  // "0"
        case hardLink = 49
        case symbolicLink = 50
        case directory = 53
    }

    private(set) var bytes: [UInt8] = []

    mutating func add(_ name: String, _ kind: Kind = .file, contents: String = "", link: String = "", mode: Int = 0o644,
                      uid: Int = 0, gid: Int = 0, mtime: Int = 1_700_000_000) {
        let data = Array(contents.utf8)
        var header = [UInt8](repeating: 0, count: 512)
        func put(_ text: String, at offset: Int, length: Int) {
            for (index, byte) in text.utf8.prefix(length).enumerated() { header[offset + index] = byte }
        }
        func octal(_ value: Int, at offset: Int, length: Int) {
            put(String(String(value, radix: 8).suffix(length - 1)).leftPadded(to: length - 1), at: offset, length: length - 1)
        }
        put(name, at: 0, length: 100)
        octal(mode, at: 100, length: 8)
        octal(uid, at: 108, length: 8)
        octal(gid, at: 116, length: 8)
        octal(kind == .file ? data.count : 0, at: 124, length: 12)
        octal(mtime, at: 136, length: 12)
        header[156] = kind.rawValue
        put(link, at: 157, length: 100)
        put("ustar", at: 257, length: 6)
        put("00", at: 263, length: 2)
        for index in 148..<156 { header[index] = 32 }
        let sum = header.reduce(0) { $0 + Int($1) }
        put(String(sum, radix: 8).leftPadded(to: 6), at: 148, length: 6)
        header[154] = 0
        header[155] = 32
        bytes += header
        if kind == .file {
            bytes += data
            bytes += [UInt8](repeating: 0, count: (512 - data.count % 512) % 512)
        }
    }

    /// The archive with its two zero end blocks.
    var archive: [UInt8] { bytes + [UInt8](repeating: 0, count: 1024) }
}

extension String {
    func leftPadded(to length: Int) -> String {
        String(repeating: "0", count: max(0, length - count)) + self
    }
}
