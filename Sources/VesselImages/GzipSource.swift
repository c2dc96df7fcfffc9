import CZlib

/// Inflates a gzip stream (several concatenated members are one stream, as gzip itself treats them).
final class GzipSource: ByteSource {
    private let upstream: ByteSource
    private let stream: UnsafeMutablePointer<z_stream>
    private var input: UnsafeMutableRawBufferPointer
    private var upstreamEnded = false
    private var finished = false

    init(upstream: ByteSource) throws {
        self.upstream = upstream
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        input = .allocate(byteCount: 256 * 1024, alignment: 16)
        // 15 + 16: gzip framing only.
        guard inflateInit2_(stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            stream.deallocate()
            input.deallocate()
            throw ImageError(.system, "cannot initialise zlib")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
        input.deallocate()
    }

    private func refill() throws {
        guard stream.pointee.avail_in == 0, !upstreamEnded else { return }
        let count = try upstream.read(into: input)
        if count == 0 { upstreamEnded = true }
        stream.pointee.next_in = input.baseAddress?.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_in = uInt(count)
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard !finished, buffer.count > 0 else { return 0 }
        while true {
            try refill()
            stream.pointee.next_out = buffer.baseAddress?.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = uInt(buffer.count)
            let status = inflate(stream, Z_NO_FLUSH)
            let produced = buffer.count - Int(stream.pointee.avail_out)
            switch status {
            case Z_STREAM_END:
                try refill()
                if stream.pointee.avail_in == 0 && upstreamEnded {
                    finished = true
                } else if let first = stream.pointee.next_in?.pointee, first == 0x1f {
                    inflateReset(stream)
                } else {
                    // Trailing padding after the last member (some writers add zeros): ignore it.
                    finished = true
                }
            case Z_OK:
                break
            case Z_BUF_ERROR:
                if stream.pointee.avail_in == 0 && upstreamEnded && produced == 0 {
                    throw ImageError(.corrupt, "corrupt gzip layer: truncated")
                }
            default:
                throw ImageError(.corrupt, "corrupt gzip layer: \(stream.pointee.msg.map { String(cString: $0) } ?? "inflate error \(status)")")
            }
            if produced > 0 { return produced }
            if finished { return 0 }
        }
    }
}
