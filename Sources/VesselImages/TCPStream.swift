#if canImport(Glibc)
import Glibc
#endif

/// A plain TCP connection on a blocking socket, with every wait bounded by `poll`.
final class TCPStream: ByteStream {
    private let fd: Int32
    private let timeoutMilliseconds: Int32
    private let peer: String
    private var chunk = [UInt8](repeating: 0, count: 256 * 1024)

    init(host: String, port: Int, timeoutSeconds: Int) throws {
        timeoutMilliseconds = Int32(max(1, timeoutSeconds) * 1000)
        peer = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        fd = try Self.connect(host: host, port: port, timeoutMilliseconds: timeoutMilliseconds)
    }

    deinit { close(fd) }

    private static func connect(host: String, port: Int, timeoutMilliseconds: Int32) throws -> Int32 {
        var lastError = "no address"
        for var address in try HostAddresses.resolve(host: host, port: port) {
            let fd = socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
            guard fd >= 0 else { continue }
            let started = withUnsafePointer(to: &address.storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, address.length) }
            }
            if started == 0 || errno == EINPROGRESS {
                var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                let ready = poll(&poller, 1, timeoutMilliseconds)
                var socketError: Int32 = 0
                var length = socklen_t(MemoryLayout<Int32>.size)
                getsockopt(fd, SOL_SOCKET, SO_ERROR, &socketError, &length)
                if ready == 1 && socketError == 0 {
                    let flags = fcntl(fd, F_GETFL)
                    _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK)
                    return fd
                }
                lastError = ready == 0 ? "timed out after \(timeoutMilliseconds / 1000) s" : String(cString: strerror(socketError))
            } else {
                lastError = String(cString: strerror(errno))
            }
            close(fd)
        }
        throw ImageError(.network, "cannot connect to \(host):\(port): \(lastError)")
    }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            guard poll(&poller, 1, timeoutMilliseconds) > 0 else {
                throw ImageError(.network, "\(peer) did not accept the request within \(timeoutMilliseconds / 1000) s")
            }
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw ImageError(.network, "cannot send to \(peer): \(String(cString: strerror(errno)))")
            }
            offset += sent
        }
    }

    func receive(appendingTo buffer: inout [UInt8]) throws -> Bool {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while true {
            let ready = poll(&poller, 1, timeoutMilliseconds)
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { throw ImageError(.network, "\(peer) did not answer within \(timeoutMilliseconds / 1000) s") }
            break
        }
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ImageError(.network, "cannot read from \(peer): \(String(cString: strerror(errno)))")
            }
            if count == 0 { return false }
            buffer.append(contentsOf: chunk[0..<count])
            return true
        }
    }
}
