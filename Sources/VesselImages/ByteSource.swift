/// A stream of bytes read in chunks: a file, or a decompressor over another stream. `read` returns 0 at the end.
protocol ByteSource: AnyObject {
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}
