/// One HTTP/1.1 exchange over a connected stream (plain TCP or TLS): send the request, read the status line and
/// headers, then stream the body (Content-Length, chunked, or until close). The stream bounds every wait.
final class HTTPConnection: ByteSource {
    private(set) var status = 0
    private(set) var headers: [(name: String, value: String)] = []
    private let stream: ByteStream
    private let url: HTTPURL
    private var buffer: [UInt8] = []
    private var bufferStart = 0
    private enum Framing { case length(Int64), chunked, untilClose }
    private var framing: Framing
    private var chunkRemaining: Int64 = 0
    private var bodyDone = false

    init(method: String, url: HTTPURL, headers requestHeaders: [(String, String)], over stream: ByteStream) throws {
        self.url = url
        self.stream = stream
        framing = .untilClose
        var request = "\(method) \(url.target) HTTP/1.1\r\nHost: \(url.hostHeader)\r\nUser-Agent: vessel\r\nConnection: close\r\n"
        for (name, value) in requestHeaders { request += "\(name): \(value)\r\n" }
        request += "\r\n"
        try stream.send(Array(request.utf8))
        (status, headers) = try readHead()
        if method == "HEAD" || status == 204 || status == 304 || (100..<200).contains(status) {
            framing = .length(0)
        } else if header("transfer-encoding")?.lowercased().contains("chunked") == true {
            framing = .chunked
        } else if let length = header("content-length").flatMap({ Int64($0.trimmingCharacters(in: .whitespaces)) }) {
            framing = .length(length)
        }
        if case .length(let length) = framing, length == 0 { bodyDone = true }
    }

    func header(_ name: String) -> String? {
        headers.first { $0.name == name }?.value
    }

    var contentLength: Int64? {
        if case .length(let length) = framing { return length }
        return nil
    }

    // MARK: head

    /// Reads more bytes from the stream into the buffer; false at end of stream.
    private func receiveMore() throws -> Bool {
        if bufferStart > 0 && bufferStart == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            bufferStart = 0
        }
        return try stream.receive(appendingTo: &buffer)
    }

    private func readLine() throws -> String {
        while true {
            if let newline = buffer[bufferStart...].firstIndex(of: 10) {
                var line = buffer[bufferStart..<newline]
                if line.last == 13 { line = line.dropLast() }
                bufferStart = newline + 1
                return String(decoding: line, as: UTF8.self)
            }
            guard buffer.count - bufferStart < 64 * 1024 else { throw ImageError(.network, "\(url.hostHeader) sent an over-long header line") }
            guard try receiveMore() else { throw ImageError(.network, "\(url.hostHeader) closed the connection mid-response") }
        }
    }

    private func readHead() throws -> (Int, [(name: String, value: String)]) {
        var statusLine = try readLine()
        var status = 0
        var headers: [(name: String, value: String)] = []
        repeat {
            let parts = statusLine.split(separator: " ", maxSplits: 2)
            guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let code = Int(parts[1]) else {
                throw ImageError(.network, "\(url.hostHeader) did not answer with HTTP/1.x")
            }
            status = code
            headers = []
            while true {
                let line = try readLine()
                if line.isEmpty { break }
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers.append((line[..<colon].lowercased(), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
                guard headers.count < 200 else { throw ImageError(.network, "\(url.hostHeader) sent too many headers") }
            }
            if status == 100 { statusLine = try readLine() }
        } while status == 100
        return (status, headers)
    }

    // MARK: body

    func read(into output: UnsafeMutableRawBufferPointer) throws -> Int {
        while !bodyDone {
            var allowed = Int64(output.count)
            switch framing {
            case .length(let remaining):
                allowed = min(allowed, remaining)
            case .chunked:
                if chunkRemaining == 0 {
                    let sizeLine = try readLine()
                    guard let size = Int64(sizeLine.prefix { $0 != ";" }.trimmingCharacters(in: .whitespaces), radix: 16), size >= 0 else {
                        throw ImageError(.network, "\(url.hostHeader) sent a malformed chunk")
                    }
                    if size == 0 {
                        while try !readLine().isEmpty {}
                        bodyDone = true
                        return 0
                    }
                    chunkRemaining = size
                }
                allowed = min(allowed, chunkRemaining)
            case .untilClose:
                break
            }
            if bufferStart == buffer.count {
                guard try receiveMore() else {
                    if case .untilClose = framing {
                        bodyDone = true
                        return 0
                    }
                    throw ImageError(.network, "\(url.hostHeader) closed the connection mid-body")
                }
            }
            let count = Int(min(allowed, Int64(buffer.count - bufferStart)))
            buffer.withUnsafeBytes { source in
                if let base = source.baseAddress { output.baseAddress?.copyMemory(from: base + bufferStart, byteCount: count) }
            }
            bufferStart += count
            switch framing {
            case .length(let remaining):
                framing = .length(remaining - Int64(count))
                if remaining - Int64(count) == 0 { bodyDone = true }
            case .chunked:
                chunkRemaining -= Int64(count)
                if chunkRemaining == 0 { _ = try readLine() }
            case .untilClose:
                break
            }
            return count
        }
        return 0
    }

    func readBody(limit: Int) throws -> [UInt8] {
        var body: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = try chunk.withUnsafeMutableBytes { try read(into: $0) }
            if count == 0 { return body }
            body.append(contentsOf: chunk[0..<count])
            guard body.count <= limit else { throw ImageError(.network, "response from \(url.hostHeader) is larger than \(limit) bytes") }
        }
    }
}
