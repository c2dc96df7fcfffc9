import CZstd

/// Decompresses a zstd stream (one or more frames).
final class ZstdSource: ByteSource {
    private let upstream: ByteSource
    private let context: OpaquePointer
    private var input: UnsafeMutableRawBufferPointer
    private var inputBuffer = ZSTD_inBuffer(src: nil, size: 0, pos: 0)
    private var upstreamEnded = false
    private var frameComplete = true

    init(upstream: ByteSource) throws {
        guard let context = ZSTD_createDStream() else { throw ImageError(.system, "cannot initialise zstd") }
        self.upstream = upstream
        self.context = context
        input = .allocate(byteCount: ZSTD_DStreamInSize(), alignment: 16)
        ZSTD_initDStream(context)
    }

    deinit {
        ZSTD_freeDStream(context)
        input.deallocate()
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard buffer.count > 0 else { return 0 }
        while true {
            if inputBuffer.pos == inputBuffer.size && !upstreamEnded {
                let count = try upstream.read(into: input)
                if count == 0 { upstreamEnded = true }
                inputBuffer = ZSTD_inBuffer(src: input.baseAddress, size: count, pos: 0)
            }
            if inputBuffer.pos == inputBuffer.size && upstreamEnded {
                if !frameComplete { throw ImageError(.corrupt, "corrupt zstd layer: truncated") }
                return 0
            }
            var output = ZSTD_outBuffer(dst: buffer.baseAddress, size: buffer.count, pos: 0)
            let result = ZSTD_decompressStream(context, &output, &inputBuffer)
            if ZSTD_isError(result) != 0 {
                throw ImageError(.corrupt, "corrupt zstd layer: \(String(cString: ZSTD_getErrorName(result)))")
            }
            frameComplete = result == 0
            if output.pos > 0 { return output.pos }
        }
    }
}
