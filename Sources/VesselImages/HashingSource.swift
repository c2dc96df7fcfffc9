/// Passes another stream through, hashing and counting every byte (a layer's diffID is the sha256 of its tar).
final class HashingSource: ByteSource {
    private let upstream: ByteSource
    private var hasher = SHA256Hasher()
    private(set) var byteCount: Int64 = 0

    init(upstream: ByteSource) {
        self.upstream = upstream
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = try upstream.read(into: buffer)
        if count > 0 {
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            byteCount += Int64(count)
        }
        return count
    }

    /// Reads to the end (trailing zero blocks after the archive count towards the digest) and returns the digest.
    func drainAndFinalize() throws -> Digest {
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        defer { scratch.deallocate() }
        while try read(into: scratch) > 0 {}
        return hasher.finalize()
    }
}
