internal import CVesselSys
import Glibc

/// The client side of runc's `--console-socket`: a Unix stream socket that receives the pty master via SCM_RIGHTS.
public enum ConsoleSocket {
    /// Connects to `path`; the returned fd is close-on-exec.
    public static func connect(path: String) throws -> Int32 {
        let fd = try SystemCall.check("socket") { socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            SystemCall.closeIgnoringErrors(fd)
            throw RuntimeError.invalidArgument("console socket path is too long: \(path)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in bytes.enumerated() { buffer[index] = byte }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + 1)
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, length) }
        }
        guard result == 0 else {
            let error = SystemCall.errnoError("connect", "console socket \(path)")
            SystemCall.closeIgnoringErrors(fd)
            throw error
        }
        return fd
    }

    public static func send(masterFD: Int32, over socketFD: Int32) throws {
        try SystemCall.check("sendmsg", "console socket") { vessel_send_fd(socketFD, masterFD) }
    }
}
