import VesselVirtio

/// The receive queue: packets to the guest. Header-only packets go first, then host data from the
/// readable streams in turn, each within the credit the guest gave. Called with the lock held.
extension VsockDevice {
    func serveReceiveQueue(_ activation: VirtioActivation) throws {
        let memory = activation.memory
        let interrupt = try activation.queues[Self.receiveQueue].serveAvailable { chain in
            guard chain.writableLength >= VsockPacketHeader.size else {
                // Too small for a header: hand it back empty rather than lose the packet.
                return hasPacketForGuest ? 0 : nil
            }
            while true {
                if let control = dequeueControl() {
                    if control.operation != .reset && connections[control.key] == nil { continue }
                    if control.operation == .creditUpdate { connections[control.key]?.creditUpdateQueued = false }
                    let header = header(for: control.key, operation: control.operation, flags: control.flags)
                    return UInt32(try chain.writeWritable(to: memory, bytes: header.bytes))
                }
                guard let connection = nextReadyConnection() else { return nil }
                let capacity = min(chain.writableLength - VsockPacketHeader.size, Self.maximumPayload,
                                   connection.peerCredit)
                guard capacity > 0 else { return nil }
                let result = scratch.withUnsafeMutableBytes { raw in
                    VsockUnixSocket.receive(connection.descriptor, into: UnsafeMutableRawBufferPointer(rebasing: raw[..<capacity]))
                }
                switch result {
                case let .transferred(count):
                    let header = header(for: connection.key, operation: .readWrite, length: UInt32(count))
                    connection.sentCount &+= UInt32(count)
                    try chain.writeWritable(to: memory, bytes: header.bytes)
                    try scratch.withUnsafeBytes { raw in
                        _ = try chain.copyWritable(to: memory, offset: VsockPacketHeader.size,
                                                   from: UnsafeRawBufferPointer(rebasing: raw[..<count]))
                    }
                    return UInt32(VsockPacketHeader.size + count)
                case .wouldBlock:
                    connection.hostReadable = false
                    readyKeys.removeAll { $0 == connection.key }
                    rearm(connection)
                case .endOfStream:
                    connection.hostReadable = false
                    readyKeys.removeAll { $0 == connection.key }
                    connection.hostEnded = true
                    enqueueControl(VsockControlPacket(key: connection.key, operation: .shutdown,
                                                      flags: VsockPacketHeader.shutdownSend))
                    finishIfDone(connection)
                    if connections[connection.key] === connection { rearm(connection) }
                case .failed:
                    connection.hostReadable = false
                    resetConnection(connection)
                }
            }
        }
        if interrupt { activation.interrupt.signalUsedBuffer() }
    }

    private var hasPacketForGuest: Bool {
        queuedControlCount > 0 || readyKeys.contains { connections[$0].map(isReady) ?? false }
    }

    private func isReady(_ connection: VsockConnection) -> Bool {
        connection.hostReadable && connection.wantsHostData && connection.peerCredit > 0
    }

    /// The next readable stream with credit, round-robin; streams waiting for credit keep their place.
    private func nextReadyConnection() -> VsockConnection? {
        var remaining = readyKeys.count
        while remaining > 0 {
            remaining -= 1
            let key = readyKeys.removeFirst()
            guard let connection = connections[key], connection.hostReadable, connection.wantsHostData else { continue }
            readyKeys.append(key)
            if connection.peerCredit > 0 { return connection }
        }
        return nil
    }
}
