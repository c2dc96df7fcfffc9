import VesselVirtio
#if canImport(Glibc)
import Glibc
#endif

/// Non-blocking, close-on-exec Unix stream sockets for the vsock device's host side.
enum VsockUnixSocket {
    /// sun_path holds 108 bytes including the terminating NUL.
    static let maximumPathLength = 107

    enum Transfer: Equatable {
        case transferred(Int)
        case wouldBlock
        case endOfStream
        case failed(Int32)
    }

    private static func address(_ path: String) -> (sockaddr_un, socklen_t)? {
        let bytes = Array(path.utf8)
        guard !bytes.isEmpty, bytes.count <= maximumPathLength, !bytes.contains(0) else { return nil }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
        }
        let length = MemoryLayout<sa_family_t>.size + bytes.count + 1
        return (address, socklen_t(length))
    }

    private static func makeSocket() throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw VirtioError.hostCallFailed(call: "socket", errno: errno) }
        return fd
    }

    /// Creates and listens on `path`; refuses a path that already exists (bind's EADDRINUSE).
    static func listen(path: String) throws -> Int32 {
        guard case (var address, let length)? = address(path) else {
            throw VirtioError.invalidConfiguration("vsock socket path '\(path)' is empty or longer than \(maximumPathLength) bytes")
        }
        let fd = try makeSocket()
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else {
            let error = errno
            close(fd)
            if error == EADDRINUSE {
                throw VirtioError.invalidConfiguration("vsock socket path '\(path)' already exists")
            }
            throw VirtioError.invalidConfiguration("cannot create vsock socket '\(path)': \(String(cString: strerror(error)))")
        }
        guard Glibc.listen(fd, 128) == 0 else {
            let error = errno
            close(fd)
            unlink(path)
            throw VirtioError.hostCallFailed(call: "listen", errno: error)
        }
        return fd
    }

    /// Connects to a listening socket; nil when nobody listens there (or its backlog is full).
    static func connect(path: String) -> Int32? {
        guard case (var address, let length)? = address(path), let fd = try? makeSocket() else { return nil }
        while true {
            let result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, length) }
            }
            if result == 0 { return fd }
            if errno == EINTR { continue }
            close(fd)
            return nil
        }
    }

    static func accept(listener: Int32) -> Int32? {
        while true {
            let fd = Glibc.accept(listener, nil, nil)
            if fd >= 0 {
                // Glibc's Swift module lacks accept4; nothing forks on the device thread meanwhile.
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
                return fd
            }
            if errno == EINTR { continue }
            return nil
        }
    }

    static func receive(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Transfer {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return .transferred(0) }
        while true {
            let count = recv(fd, base, buffer.count, 0)
            if count > 0 { return .transferred(count) }
            if count == 0 { return .endOfStream }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { return .wouldBlock }
            return .failed(errno)
        }
    }

    static func send(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Transfer {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return .transferred(0) }
        while true {
            let count = Glibc.send(fd, base, buffer.count, Int32(MSG_NOSIGNAL))
            if count >= 0 { return .transferred(count) }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { return .wouldBlock }
            return .failed(errno)
        }
    }
}
