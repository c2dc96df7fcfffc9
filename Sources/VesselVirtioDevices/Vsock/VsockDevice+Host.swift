import CVesselEvent
import VesselVirtio
#if canImport(Glibc)
import Glibc
#endif

/// Host-initiated streams: a host process connects to `socketPath` and writes `CONNECT <port>\n`; the
/// device asks the guest for that port and answers `OK <hostport>\n` (or closes the socket on refusal).
extension VsockDevice {
    func acceptHostConnections() {
        lock.withLock { _ in
            guard !isShutDown else { return }
            while let descriptor = VsockUnixSocket.accept(listener: listener) {
                do {
                    try watchHostSocket(descriptor, events: EPOLLIN.rawValue)
                    handshakes[descriptor] = []
                } catch {
                    close(descriptor)
                }
            }
        }
    }

    /// Reads the CONNECT line a byte at a time, so payload the host sends right after it stays queued in
    /// the socket until the guest accepts. Called with the lock held.
    func readConnectLine(_ descriptor: Int32) {
        var line = handshakes[descriptor] ?? []
        var byte: UInt8 = 0
        while true {
            let result = withUnsafeMutableBytes(of: &byte) { VsockUnixSocket.receive(descriptor, into: $0) }
            switch result {
            case .transferred:
                if byte == UInt8(ascii: "\n") {
                    handshakes[descriptor] = nil
                    return connectToGuest(descriptor, line: String(decoding: line, as: UTF8.self))
                }
                line.append(byte)
                guard line.count <= Self.maximumConnectLine else { return dropHandshake(descriptor) }
            case .wouldBlock:
                handshakes[descriptor] = line
                return
            case .endOfStream, .failed:
                return dropHandshake(descriptor)
            }
        }
    }

    private func dropHandshake(_ descriptor: Int32) {
        handshakes[descriptor] = nil
        loop.remove(descriptor)
        close(descriptor)
    }

    private func connectToGuest(_ descriptor: Int32, line: String) {
        let words = line.split(separator: " ", omittingEmptySubsequences: false)
        guard activation != nil, connections.count < Self.maximumConnections, words.count == 2, words[0] == "CONNECT",
              let port = UInt32(words[1]) else {
            logger.debug("vsock: refused host request '\(line)'")
            return dropHandshake(descriptor)
        }
        let key = VsockConnectionKey(hostPort: allocateHostPort(guestPort: port), guestPort: port)
        let connection = VsockConnection(key: key, descriptor: descriptor, state: .connecting)
        do {
            try register(connection)
        } catch {
            return dropHandshake(descriptor)
        }
        enqueueControl(VsockControlPacket(key: key, operation: .request))
        connection.requestDeadline = vessel_monotonic_nanoseconds() + Self.requestTimeoutNanoseconds
        armRequestTimer()
    }

    private func allocateHostPort(guestPort: UInt32) -> UInt32 {
        while true {
            let port = nextHostPort
            nextHostPort = nextHostPort == UInt32.max ? Self.firstHostPort : nextHostPort + 1
            if connections[VsockConnectionKey(hostPort: port, guestPort: guestPort)] == nil { return port }
        }
    }
}
