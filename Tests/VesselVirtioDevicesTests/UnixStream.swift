import VesselVirtio
#if canImport(Glibc)
import Glibc
#endif

/// A blocking Unix stream socket on the test's side: the host program talking to the vsock device.
final class UnixStream {
    let descriptor: Int32

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    private static func address(_ path: String) -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        return address
    }

    static func connect(to path: String) throws -> UnixStream {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = address(path)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            let error = errno
            close(descriptor)
            throw VirtioError.hostCallFailed(call: "connect \(path)", errno: error)
        }
        let stream = UnixStream(descriptor: descriptor)
        stream.setReceiveTimeout(seconds: 5)
        return stream
    }

    /// A listening socket at `path` (removed again by the caller's cleanup).
    static func listen(at path: String) throws -> UnixStream {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = address(path)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0, Glibc.listen(descriptor, 64) == 0 else {
            let error = errno
            close(descriptor)
            throw VirtioError.hostCallFailed(call: "bind \(path)", errno: error)
        }
        let stream = UnixStream(descriptor: descriptor)
        stream.setReceiveTimeout(seconds: 5)
        return stream
    }

    func accept() throws -> UnixStream {
        let accepted = Glibc.accept(descriptor, nil, nil)
        guard accepted >= 0 else { throw VirtioError.hostCallFailed(call: "accept", errno: errno) }
        let stream = UnixStream(descriptor: accepted)
        stream.setReceiveTimeout(seconds: 5)
        return stream
    }

    func setReceiveTimeout(seconds: Int) {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    func write(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let result = bytes.withUnsafeBytes { raw in
                Glibc.send(descriptor, raw.baseAddress! + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
            }
            guard result > 0 else { throw VirtioError.hostCallFailed(call: "send", errno: errno) }
            sent += result
        }
    }

    func write(_ text: String) throws { try write(Array(text.utf8)) }

    /// Reads until `count` bytes or end of stream; throws on timeout.
    func read(count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let result = bytes.withUnsafeMutableBytes { raw in recv(descriptor, raw.baseAddress! + filled, count - filled, 0) }
            if result == 0 { break }
            guard result > 0 else { throw VirtioError.hostCallFailed(call: "recv", errno: errno) }
            filled += result
        }
        return Array(bytes.prefix(filled))
    }

    /// Reads one line without its newline; nil at end of stream.
    func readLine() throws -> String? {
        var line: [UInt8] = []
        while true {
            let byte = try read(count: 1)
            guard let first = byte.first else { return line.isEmpty ? nil : String(decoding: line, as: UTF8.self) }
            if first == UInt8(ascii: "\n") { return String(decoding: line, as: UTF8.self) }
            line.append(first)
        }
    }

    func shutdownWrite() {
        Glibc.shutdown(descriptor, Int32(SHUT_WR))
    }
}
