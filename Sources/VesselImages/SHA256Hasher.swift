import Crypto

/// Incremental sha256 over bytes as they stream past, giving a `Digest` at the end.
struct SHA256Hasher {
    private var state = SHA256()

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        state.update(bufferPointer: bytes)
    }

    mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    func finalize() -> Digest {
        let hex = state.finalize().map { byte in
            let digits = Array("0123456789abcdef".utf8)
            return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 0xf)]], as: UTF8.self)
        }.joined()
        return Digest(trustedHex: hex)
    }

    static func digest(of bytes: [UInt8]) -> Digest {
        var hasher = SHA256Hasher()
        hasher.update(bytes)
        return hasher.finalize()
    }
}
