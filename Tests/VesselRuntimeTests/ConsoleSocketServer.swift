import CVesselSys
import Foundation
import Glibc

/// The receiving end of `--console-socket`, as containerd's shim or conmon would run it.
final class ConsoleSocketServer {
    let path: String
    private let listener: Int32

    init(directory: String) throws {
        path = directory + "/console.sock"
        listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in bytes.enumerated() { buffer[index] = byte }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + 1)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) } }
        guard listener >= 0, bound == 0, listen(listener, 4) == 0 else { throw POSIXError(.EIO) }
    }

    deinit { close(listener) }

    /// Accepts the runtime's connection (already queued) and returns the pty master it sent.
    func receiveMaster() throws -> Int32 {
        let connection = accept(listener, nil, nil)
        guard connection >= 0 else { throw POSIXError(.EIO) }
        defer { close(connection) }
        let master = vessel_receive_fd(connection)
        guard master >= 0 else { throw POSIXError(.EBADMSG) }
        return master
    }

    /// Reads from the master until `marker` shows up or the time is up.
    static func read(master: Int32, until marker: String, seconds: Double = 10) -> String {
        var text = ""
        let deadline = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline && !text.contains(marker) {
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 100) > 0 else { continue }
            let count = Glibc.read(master, &buffer, buffer.count)
            if count <= 0 { break }
            text += String(decoding: buffer[0..<count], as: UTF8.self)
        }
        return text
    }
}
