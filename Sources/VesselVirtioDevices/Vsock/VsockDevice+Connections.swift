import CVesselEvent
import VesselVirtio
#if canImport(Glibc)
import Glibc
#endif

/// Stream bookkeeping shared by both directions. Called with the lock held.
extension VsockDevice {
    var queuedControlCount: Int { controlPackets.count - controlPacketStart }

    func enqueueControl(_ packet: VsockControlPacket) {
        controlPackets.append(packet)
    }

    func dequeueControl() -> VsockControlPacket? {
        guard controlPacketStart < controlPackets.count else { return nil }
        let packet = controlPackets[controlPacketStart]
        controlPacketStart += 1
        if controlPacketStart == controlPackets.count {
            controlPackets.removeAll(keepingCapacity: true)
            controlPacketStart = 0
        }
        return packet
    }

    /// A header from the host to the guest on `key`, carrying our current credit when the stream exists.
    func header(for key: VsockConnectionKey, operation: VsockOperation, flags: UInt32 = 0,
                length: UInt32 = 0) -> VsockPacketHeader {
        let connection = connections[key]
        if let connection { connection.reportedForwardCount = connection.forwardCount }
        return VsockPacketHeader(
            sourceCID: VsockPacketHeader.hostCID, destinationCID: guestCID,
            sourcePort: key.hostPort, destinationPort: key.guestPort, length: length, operation: operation,
            flags: flags, bufferAllocation: connection == nil ? 0 : Self.bufferAllocation,
            forwardCount: connection?.forwardCount ?? 0)
    }

    /// Watches a host socket; every host socket (handshake or stream) has the same handler.
    func watchHostSocket(_ descriptor: Int32, events: UInt32) throws {
        try loop.add(descriptor, events: events) { [weak self] events in
            self?.hostSocketEvent(descriptor, events: events)
        }
    }

    /// Records a stream whose socket is watched; its events are one-shot, and `rearm` re-enables them.
    func register(_ connection: VsockConnection) throws {
        try loop.modify(connection.descriptor, events: EPOLLONESHOT.rawValue)
        connections[connection.key] = connection
        keysByDescriptor[connection.descriptor] = connection.key
        rearm(connection)
    }

    /// Watches for what the stream can use now: host data when the guest may take it, and send space
    /// while guest data waits for the host.
    func rearm(_ connection: VsockConnection) {
        var events: UInt32 = 0
        if connection.wantsHostData && !connection.hostReadable { events |= EPOLLIN.rawValue }
        if connection.pendingCount > 0 { events |= EPOLLOUT.rawValue }
        guard events != 0 else { return }
        try? loop.modify(connection.descriptor, events: events | EPOLLONESHOT.rawValue)
    }

    /// Drops a stream without telling the guest (it reset it, or it was never answered).
    func closeConnection(_ connection: VsockConnection) {
        guard connections[connection.key] === connection else { return }
        loop.remove(connection.descriptor)
        close(connection.descriptor)
        connections[connection.key] = nil
        keysByDescriptor[connection.descriptor] = nil
    }

    /// Ends a stream with RST to the guest.
    func resetConnection(_ connection: VsockConnection) {
        enqueueControl(VsockControlPacket(key: connection.key, operation: .reset))
        closeConnection(connection)
    }

    /// Writes guest data to the host; sends a credit update when the guest's view lags, and closes the
    /// stream once both directions are over.
    func flushToHost(_ connection: VsockConnection) {
        guard connection.flush() else {
            logger.debug("vsock: \(connection.key): the host socket failed; resetting")
            resetConnection(connection)
            return
        }
        if connection.forwardCount &- connection.reportedForwardCount >= Self.creditUpdateThreshold,
           !connection.creditUpdateQueued {
            connection.creditUpdateQueued = true
            enqueueControl(VsockControlPacket(key: connection.key, operation: .creditUpdate))
        }
        if connection.pendingCount == 0 && connection.guestSendEnded && !connection.hostWriteShut {
            connection.hostWriteShut = true
            Glibc.shutdown(connection.descriptor, Int32(SHUT_WR))
        }
        finishIfDone(connection)
    }

    /// Both directions are over (or the guest wants nothing more and has sent everything): RST and close.
    func finishIfDone(_ connection: VsockConnection) {
        guard connection.pendingCount == 0, connection.guestSendEnded,
              connection.hostEnded || connection.guestReceiveEnded else { return }
        resetConnection(connection)
    }

    func hostSocketEvent(_ descriptor: Int32, events: UInt32) {
        withServedQueues {
            if handshakes[descriptor] != nil {
                readConnectLine(descriptor)
                return
            }
            guard let key = keysByDescriptor[descriptor], let connection = connections[key] else { return }
            let failed = events & (EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0
            if connection.wantsHostData && (events & EPOLLIN.rawValue != 0 || failed) && !connection.hostReadable {
                connection.hostReadable = true
                readyKeys.append(key)
            }
            if connection.pendingCount > 0 && (events & EPOLLOUT.rawValue != 0 || failed) {
                flushToHost(connection)
            }
            if connections[key] === connection { rearm(connection) }
        }
    }
}
