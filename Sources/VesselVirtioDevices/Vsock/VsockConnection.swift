/// One stream's state: its host Unix socket, the bytes on their way to the host, and the credit
/// counters of both sides (Virtio 1.2, 5.10.6.3). Used only under the device's lock.
final class VsockConnection {
    enum State {
        /// Host-initiated: REQUEST sent to the guest, waiting for RESPONSE or RST.
        case connecting
        case established
    }

    let key: VsockConnectionKey
    let descriptor: Int32
    var state: State
    /// Host-initiated: when an unanswered REQUEST expires (monotonic nanoseconds).
    var requestDeadline: UInt64 = 0

    /// Guest-to-host bytes not yet written to the socket, from `pendingStart` on.
    private(set) var pending: [UInt8] = []
    private var pendingStart = 0
    /// Leading pending bytes that are ours (the `OK <port>` line), not guest payload.
    private var pendingGreeting = 0
    /// Payload bytes received from the guest and written to the host (our rx_cnt and fwd_cnt).
    var receivedCount: UInt32 = 0
    var forwardCount: UInt32 = 0
    /// The fwd_cnt the guest last saw from us.
    var reportedForwardCount: UInt32 = 0
    var creditUpdateQueued = false

    /// Bytes sent to the guest (tx_cnt) and the guest's buf_alloc and fwd_cnt from its last packet.
    var sentCount: UInt32 = 0
    var peerBufferAllocation: UInt32 = 0
    var peerForwardCount: UInt32 = 0

    /// epoll reported the host socket readable and it has not been drained since.
    var hostReadable = false
    /// The host closed its sending side (we read end-of-stream).
    var hostEnded = false
    var hostWriteShut = false
    /// SHUTDOWN flags the guest sent.
    var guestSendEnded = false
    var guestReceiveEnded = false

    init(key: VsockConnectionKey, descriptor: Int32, state: State) {
        self.key = key
        self.descriptor = descriptor
        self.state = state
    }

    var pendingCount: Int { pending.count - pendingStart }

    /// Bytes the guest may still send before it must wait for a credit update.
    var peerCredit: Int {
        let inFlight = sentCount &- peerForwardCount
        return inFlight >= peerBufferAllocation ? 0 : Int(peerBufferAllocation - inFlight)
    }

    /// Guest payload held here that the host has not taken yet.
    var unforwardedCount: UInt32 { receivedCount &- forwardCount }

    /// True when the stream may carry host data to the guest.
    var wantsHostData: Bool { state == .established && !hostEnded && !guestReceiveEnded }

    func updatePeerCredit(bufferAllocation: UInt32, forwardCount: UInt32) {
        peerBufferAllocation = bufferAllocation
        peerForwardCount = forwardCount
    }

    func appendGreeting(_ line: String) {
        compact()
        pending.insert(contentsOf: Array(line.utf8), at: pendingStart)
        pendingGreeting += line.utf8.count
    }

    /// Guest payload straight from guest memory: sent to the socket at once when nothing waits before it,
    /// the rest kept. Returns false when the socket failed (the stream must be reset).
    func deliver(_ payload: UnsafeRawBufferPointer) -> Bool {
        receivedCount &+= UInt32(truncatingIfNeeded: payload.count)
        var sent = 0
        if pendingCount == 0 {
            switch VsockUnixSocket.send(descriptor, payload) {
            case let .transferred(count):
                sent = count
                forwardCount &+= UInt32(count)
            case .wouldBlock:
                break
            case .endOfStream, .failed:
                return false
            }
        }
        if sent < payload.count {
            compact()
            pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: payload[sent...]))
        }
        return true
    }

    /// Writes what the socket takes; returns false when the socket failed (the stream must be reset).
    func flush() -> Bool {
        while pendingCount > 0 {
            let result = pending.withUnsafeBytes { raw in
                VsockUnixSocket.send(descriptor, UnsafeRawBufferPointer(rebasing: raw[pendingStart...]))
            }
            switch result {
            case let .transferred(count):
                pendingStart += count
                let greeting = min(count, pendingGreeting)
                pendingGreeting -= greeting
                forwardCount &+= UInt32(count - greeting)
            case .wouldBlock:
                compact()
                return true
            case .endOfStream, .failed:
                return false
            }
        }
        compact()
        return true
    }

    private func compact() {
        if pendingStart == pending.count {
            pending.removeAll(keepingCapacity: true)
            pendingStart = 0
        } else if pendingStart > 64 * 1024 && pendingStart * 2 > pending.count {
            pending.removeFirst(pendingStart)
            pendingStart = 0
        }
    }
}
