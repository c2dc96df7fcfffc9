internal import CVesselSys
import Glibc

/// Framed messages between the runtime and the container init over a socketpair: a tag byte, a 32-bit
/// little-endian length and a payload. EOF means the peer exited (or, for the init, exec'd: the fd is CLOEXEC).
struct SyncChannel {
    enum Tag: UInt8 {
        case configuration = 1
        case namespacesReady = 2
        case hooksDone = 3
        case ready = 4
        case failure = 5
        /// The bundle's config.json bytes, right after `configuration`.
        case specDocument = 6
    }

    let fd: Int32

    static func pair() throws -> (runtime: SyncChannel, initSide: SyncChannel) {
        var fds: [Int32] = [-1, -1]
        try SystemCall.check("socketpair") {
            socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds)
        }
        return (SyncChannel(fd: fds[0]), SyncChannel(fd: fds[1]))
    }

    func send(_ tag: Tag, _ payload: [UInt8] = []) throws {
        let length = UInt32(payload.count)
        var frame: [UInt8] = [tag.rawValue, UInt8(length & 0xff), UInt8((length >> 8) & 0xff),
                              UInt8((length >> 16) & 0xff), UInt8(length >> 24)]
        frame.append(contentsOf: payload)
        // MSG_NOSIGNAL: a peer that went away is an error to handle, not a SIGPIPE.
        var offset = 0
        while offset < frame.count {
            let sent = try frame.withUnsafeBytes { buffer in
                try SystemCall.check("sync write") { Glibc.send(fd, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL)) }
            }
            offset += sent
        }
    }

    /// Returns nil on EOF.
    func receive() throws -> (tag: Tag, payload: [UInt8])? {
        guard let header = try readExactly(5) else { return nil }
        guard let tag = Tag(rawValue: header[0]) else {
            throw RuntimeError.childFailed(stage: "sync", message: "unexpected message tag \(header[0])")
        }
        let length = Int(header[1]) | Int(header[2]) << 8 | Int(header[3]) << 16 | Int(header[4]) << 24
        guard length <= 64 << 20 else { throw RuntimeError.childFailed(stage: "sync", message: "message too large") }
        guard let payload = try readExactly(length) else {
            throw RuntimeError.childFailed(stage: "sync", message: "peer closed the channel mid-message")
        }
        return (tag, payload)
    }

    /// Waits for `expected`; a `failure` message becomes the thrown error.
    func expect(_ expected: Tag, stage: String) throws -> [UInt8] {
        guard let (tag, payload) = try receive() else {
            throw RuntimeError.childFailed(stage: stage, message: "container init exited unexpectedly")
        }
        if tag == .failure {
            throw RuntimeError.childFailed(stage: stage, message: String(decoding: payload, as: UTF8.self))
        }
        guard tag == expected else {
            throw RuntimeError.childFailed(stage: stage, message: "expected \(expected), got \(tag)")
        }
        return payload
    }

    private func readExactly(_ count: Int) throws -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            let got = try buffer.withUnsafeMutableBytes { raw in
                try SystemCall.check("sync read") { Glibc.read(fd, raw.baseAddress! + offset, count - offset) }
            }
            if got == 0 { return offset == 0 ? nil : nil }
            offset += got
        }
        return buffer
    }

    func close() { SystemCall.closeIgnoringErrors(fd) }
}
