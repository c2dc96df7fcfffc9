import CVesselSys
#if canImport(Glibc)
import Glibc
#endif

/// The listening end of `--console-socket`: the runtime connects and sends the container's pty master (SCM_RIGHTS).
final class ConsoleSocket {
    let path: String
    private let fd: Int32

    init() throws {
        path = "/tmp/vessel-console-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).sock"
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw ContainerError(.system, "cannot create the console socket") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() where index < raw.count - 1 { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0 }
        }
        guard bound, listen(fd, 1) == 0 else {
            close(fd)
            throw ContainerError(.system, "cannot listen on \(path): \(String(cString: strerror(errno)))")
        }
    }

    deinit {
        close(fd)
        unlink(path)
    }

    /// Waits for the runtime to send the pty master; gives up if `child` exits first or after 30 s.
    func receiveMaster(whileRunning child: pid_t) throws -> Int32 {
        for _ in 0..<3000 {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&poller, 1, 10) == 1 {
                let connection = accept(fd, nil, nil)
                guard connection >= 0 else { continue }
                defer { close(connection) }
                let master = vessel_receive_fd(connection)
                guard master >= 0 else { throw ContainerError(.system, "the runtime sent no terminal") }
                return master
            }
            if kill(child, 0) != 0 { break }
            var status: Int32 = 0
            if waitpid(child, &status, WNOHANG) == child {
                throw ContainerError(.system, "the runtime exited before sending the container's terminal")
            }
        }
        throw ContainerError(.system, "the runtime did not send the container's terminal")
    }
}
