/// A header-only packet waiting for a guest receive buffer (RESPONSE, RST, SHUTDOWN, REQUEST, credit).
struct VsockControlPacket: Sendable {
    let key: VsockConnectionKey
    let operation: VsockOperation
    var flags: UInt32 = 0
}
