/// A connected byte stream that an HTTP exchange runs over: plain TCP or TLS. Every wait is bounded by the
/// stream's timeout, and the stream is closed when it is released.
protocol ByteStream: AnyObject {
    func send(_ bytes: [UInt8]) throws
    /// Appends the next bytes that arrive to `buffer`; false at the end of the stream.
    func receive(appendingTo buffer: inout [UInt8]) throws -> Bool
}
