import CVesselEvent
import VesselVirtio
#if canImport(Glibc)
import Glibc
#endif

/// The transmit queue: packets from the guest. Called with the lock held.
extension VsockDevice {
    /// Handles every packet the guest queued. Returns true when it stopped early because too many
    /// header-only replies wait for receive buffers.
    func serveTransmitQueue(_ activation: VirtioActivation) throws -> Bool {
        var stalled = false
        let interrupt = try activation.queues[Self.transmitQueue].serveAvailable { chain in
            guard queuedControlCount < Self.maximumQueuedControlPackets else {
                stalled = true
                return nil
            }
            try handleGuestPacket(chain, memory: activation)
            return 0
        }
        if interrupt { activation.interrupt.signalUsedBuffer() }
        return stalled
    }

    private func handleGuestPacket(_ chain: DescriptorChain, memory activation: VirtioActivation) throws {
        let memory = activation.memory
        guard let header = VsockPacketHeader(bytes: try chain.readReadable(from: memory, count: VsockPacketHeader.size)) else {
            logger.debug("vsock: dropped a packet shorter than its header")
            return
        }
        // A packet that does not come from our guest cannot be answered: drop it.
        guard header.sourceCID == guestCID else {
            logger.debug("vsock: dropped a packet from cid \(header.sourceCID)")
            return
        }
        let key = VsockConnectionKey(hostPort: header.destinationPort, guestPort: header.sourcePort)
        let connection = connections[key]
        let payloadRoom = chain.readableLength - VsockPacketHeader.size
        guard header.destinationCID == VsockPacketHeader.hostCID, header.type == VsockPacketHeader.streamType,
              Int(header.length) <= Self.maximumPayload, Int(header.length) <= payloadRoom,
              let operation = header.knownOperation, operation != .invalid else {
            logger.debug("vsock: malformed packet on \(key) (op \(header.operation), len \(header.length)); resetting")
            if header.operation != VsockOperation.reset.rawValue {
                if let connection { closeConnection(connection) }
                enqueueControl(VsockControlPacket(key: key, operation: .reset))
            }
            return
        }
        if let connection {
            connection.updatePeerCredit(bufferAllocation: header.bufferAllocation, forwardCount: header.forwardCount)
        }
        switch operation {
        case .request:
            if let connection {
                resetConnection(connection)
            } else {
                openGuestConnection(key, header: header)
            }
        case .response:
            guard let connection, connection.state == .connecting else { return reject(key, connection) }
            connection.state = .established
            connection.appendGreeting("OK \(key.hostPort)\n")
            flushToHost(connection)
            if connections[key] === connection { rearm(connection) }
        case .readWrite:
            guard let connection, connection.state == .established, !connection.guestSendEnded else {
                return reject(key, connection)
            }
            guard connection.unforwardedCount + header.length <= Self.bufferAllocation else {
                logger.debug("vsock: \(key): the guest sent beyond its credit; resetting")
                return resetConnection(connection)
            }
            var healthy = true
            try chain.forEachSegment(of: chain.readable, memory: memory, offset: VsockPacketHeader.size,
                                     limit: Int(header.length)) { segment in
                healthy = healthy && connection.deliver(UnsafeRawBufferPointer(segment))
            }
            guard healthy else { return resetConnection(connection) }
            flushToHost(connection)
            if connections[key] === connection { rearm(connection) }
        case .creditUpdate:
            guard connection != nil else { return reject(key, nil) }
        case .creditRequest:
            guard let connection else { return reject(key, nil) }
            if !connection.creditUpdateQueued {
                connection.creditUpdateQueued = true
                enqueueControl(VsockControlPacket(key: key, operation: .creditUpdate))
            }
        case .shutdown:
            guard let connection else { return reject(key, nil) }
            connection.guestSendEnded = connection.guestSendEnded || header.flags & VsockPacketHeader.shutdownSend != 0
            connection.guestReceiveEnded = connection.guestReceiveEnded
                || header.flags & VsockPacketHeader.shutdownReceive != 0
            flushToHost(connection)
            if connections[key] === connection { rearm(connection) }
        case .reset:
            if let connection { closeConnection(connection) }
        case .invalid:
            reject(key, connection)
        }
    }

    /// A packet that does not fit the stream's state: RST, as Linux does.
    private func reject(_ key: VsockConnectionKey, _ connection: VsockConnection?) {
        if let connection {
            resetConnection(connection)
        } else {
            enqueueControl(VsockControlPacket(key: key, operation: .reset))
        }
    }

    /// A guest connection to port P goes to the host's Unix socket `socketPath_P`; RST if nobody listens.
    private func openGuestConnection(_ key: VsockConnectionKey, header: VsockPacketHeader) {
        guard connections.count < Self.maximumConnections,
              let descriptor = VsockUnixSocket.connect(path: "\(socketPath)_\(key.hostPort)") else {
            logger.debug("vsock: nobody accepts guest connections to port \(key.hostPort)")
            return enqueueControl(VsockControlPacket(key: key, operation: .reset))
        }
        let connection = VsockConnection(key: key, descriptor: descriptor, state: .established)
        connection.updatePeerCredit(bufferAllocation: header.bufferAllocation, forwardCount: header.forwardCount)
        do {
            try watchHostSocket(descriptor, events: EPOLLONESHOT.rawValue)
            try register(connection)
        } catch {
            loop.remove(descriptor)
            close(descriptor)
            connections[key] = nil
            keysByDescriptor[descriptor] = nil
            return enqueueControl(VsockControlPacket(key: key, operation: .reset))
        }
        enqueueControl(VsockControlPacket(key: key, operation: .response))
    }
}
