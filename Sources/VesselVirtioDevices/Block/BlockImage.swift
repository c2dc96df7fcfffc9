import CVesselEvent
import VesselVirtio
#if canImport(Glibc)
import Glibc
#endif

/// An open raw disk image: positional vectored I/O between the file and guest memory segments.
/// Host failures are thrown as `VirtioError.hostCallFailed`; the device turns them into IOERR.
public final class BlockImage: @unchecked Sendable {
    /// preadv/pwritev take at most IOV_MAX vectors per call.
    static let maximumVectors = 1024
    static let zeroChunk = [UInt8](repeating: 0, count: 64 * 1024)

    public let path: String
    public let isReadOnly: Bool
    /// Bytes in the file when it was opened; the guest sees whole 512-byte sectors of it.
    public let size: UInt64
    let fileDescriptor: Int32

    public init(path: String, readOnly: Bool) throws {
        let fd = open(path, (readOnly ? O_RDONLY : O_RDWR) | O_CLOEXEC)
        guard fd >= 0 else {
            throw VirtioError.invalidConfiguration("disk \(path): \(String(cString: strerror(errno)))")
        }
        var status = stat()
        guard fstat(fd, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            throw VirtioError.invalidConfiguration("disk \(path): not a regular file (raw images only)")
        }
        self.path = path
        isReadOnly = readOnly
        size = UInt64(status.st_size)
        fileDescriptor = fd
    }

    deinit {
        close(fileDescriptor)
    }

    public var capacitySectors: UInt64 { size / UInt64(VirtioBlockProtocol.sectorSize) }

    /// Fills `segments` from the file at `offset`; a short read (the file shrank) is an error.
    func read(into segments: [UnsafeMutableRawBufferPointer], at offset: UInt64) throws {
        try transfer(segments, at: offset, call: "preadv") { vectors, count, position in
            vessel_block_preadv(fileDescriptor, vectors, count, position)
        }
    }

    func write(from segments: [UnsafeMutableRawBufferPointer], at offset: UInt64) throws {
        try transfer(segments, at: offset, call: "pwritev") { vectors, count, position in
            vessel_block_pwritev(fileDescriptor, vectors, count, position)
        }
    }

    func flush() throws {
        guard fdatasync(fileDescriptor) == 0 else { throw VirtioError.hostCallFailed(call: "fdatasync", errno: errno) }
    }

    /// Deallocates the range if the file system can; discard is a hint, so no support is not an error.
    func discard(offset: UInt64, length: UInt64) throws {
        guard length > 0 else { return }
        if vessel_block_punch_hole(fileDescriptor, Int64(offset), Int64(length)) == 0 { return }
        let failure = errno
        guard failure == EOPNOTSUPP || failure == ENOSYS else {
            throw VirtioError.hostCallFailed(call: "fallocate", errno: failure)
        }
    }

    /// Makes the range read as zeroes: a punched hole when unmapping is allowed, else ZERO_RANGE, and plain
    /// writes of zeroes where the file system supports neither.
    func writeZeroes(offset: UInt64, length: UInt64, mayUnmap: Bool) throws {
        guard length > 0 else { return }
        let result = mayUnmap
            ? vessel_block_punch_hole(fileDescriptor, Int64(offset), Int64(length))
            : vessel_block_zero_range(fileDescriptor, Int64(offset), Int64(length))
        if result == 0 { return }
        let failure = errno
        guard failure == EOPNOTSUPP || failure == ENOSYS else {
            throw VirtioError.hostCallFailed(call: "fallocate", errno: failure)
        }
        var position = offset
        let end = offset + length
        try Self.zeroChunk.withUnsafeBytes { zeroes in
            while position < end {
                let count = Int(min(UInt64(zeroes.count), end - position))
                let mutable = UnsafeMutableRawBufferPointer(mutating: UnsafeRawBufferPointer(rebasing: zeroes[0..<count]))
                try write(from: [mutable], at: position)
                position += UInt64(count)
            }
        }
    }

    /// Runs `call` until every segment is transferred, resuming after partial transfers and EINTR.
    private func transfer(
        _ segments: [UnsafeMutableRawBufferPointer], at offset: UInt64, call: String,
        _ body: (UnsafePointer<iovec>, Int32, Int64) -> Int
    ) throws {
        var vectors = segments.filter { $0.count > 0 }.map { iovec(iov_base: $0.baseAddress, iov_len: $0.count) }
        var first = 0
        var position = offset
        while first < vectors.count {
            let count = min(vectors.count - first, Self.maximumVectors)
            let done = vectors.withUnsafeBufferPointer { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return body(base + first, Int32(count), Int64(position))
            }
            if done < 0 {
                if errno == EINTR { continue }
                throw VirtioError.hostCallFailed(call: call, errno: errno)
            }
            guard done > 0 else { throw VirtioError.hostCallFailed(call: call, errno: EIO) }
            position += UInt64(done)
            var remaining = done
            while remaining > 0 && first < vectors.count {
                if remaining >= vectors[first].iov_len {
                    remaining -= vectors[first].iov_len
                    first += 1
                } else {
                    vectors[first].iov_base = vectors[first].iov_base.map { $0 + remaining }
                    vectors[first].iov_len -= remaining
                    remaining = 0
                }
            }
        }
    }
}
