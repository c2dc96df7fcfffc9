import CVesselEvent
import VesselVirtio
#if canImport(Glibc)
import Glibc
#endif

extension NetworkDevice {
    /// Moves frames from the tap into the guest's rx buffers until the tap is empty or the guest runs
    /// out of buffers; then the tap is left unpolled until the guest kicks rx.
    func serve(receiveKicked: Bool, tapEvents: UInt32 = 0) {
        state.withLock { state in
            guard var current = state, !current.isTapLost else { return }
            if tapEvents & (EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0 {
                // The interface was deleted under us: error events would wake the loop forever.
                logger.warning("virtio-net \(tap.name): the tap went away; no more frames for the guest")
                loop.remove(tap.fileDescriptor)
                current.isWatchingTap = false
                current.isTapLost = true
                state = current
                return
            }
            do {
                if receiveKicked && !current.isWatchingTap {
                    try loop.modify(tap.fileDescriptor, events: EPOLLIN.rawValue)
                    current.isWatchingTap = true
                }
                let interrupt = try receive(&current)
                state = current
                if interrupt { current.activation.interrupt.signalUsedBuffer() }
            } catch {
                state = current
                fail(&state, error)
            }
        }
    }

    /// Returns whether the driver wants an interrupt for what was delivered.
    private func receive(_ state: inout NetworkDeviceState) throws -> Bool {
        let queue = state.receiveQueue
        let usedBefore = queue.nextUsed
        while true {
            if state.pendingLength == 0 {
                guard let length = readFrame() else { break }
                state.pendingLength = length
            }
            guard try deliverPendingFrame(&state) else {
                if state.isWatchingTap {
                    try loop.modify(tap.fileDescriptor, events: 0)
                    state.isWatchingTap = false
                }
                break
            }
        }
        return try queue.nextUsed != usedBefore && queue.needsInterrupt()
    }

    /// Reads the next frame into `frame`; nil when the tap has none. Runts are dropped here.
    private func readFrame() -> Int? {
        while true {
            let count = read(tap.fileDescriptor, frame.baseAddress, frame.count)
            if count < 0 {
                if errno == EINTR { continue }
                if errno != EAGAIN { logger.debug("virtio-net \(tap.name): read: \(String(cString: strerror(errno)))") }
                return nil
            }
            if count >= NetworkFeatures.headerSize + NetworkFeatures.minimumFrameSize { return count }
        }
    }

    /// Copies the pending frame into one chain, or several with MRG_RXBUF, or drops it. Returns false,
    /// with the chains put back and a kick requested, when the guest has not made enough room available.
    private func deliverPendingFrame(_ state: inout NetworkDeviceState) throws -> Bool {
        let queue = state.receiveQueue
        let memory = state.activation.memory
        let length = state.pendingLength
        var chains: [DescriptorChain] = []
        var room = 0
        while room < length {
            guard let chain = try queue.popAvailable() else {
                // Every available chain is popped now, so the kick request names the driver's current index.
                let arrived = try queue.enableNotification()
                for _ in chains { queue.undoPop() }
                return arrived
            }
            guard chain.writableLength > 0 else {
                throw VirtioError.malformedQueue(queue: Self.receiveQueue, reason: "rx chain \(chain.headIndex) has no device-writable buffer")
            }
            chains.append(chain)
            room += chain.writableLength
            if !state.mergesBuffers || chains.count == Int(queue.size) { break }
        }
        state.pendingLength = 0
        if room < length {
            // The frame fits no buffer the guest could give (one chain without MRG_RXBUF, or the whole
            // ring); the buffers stay available for the next frame.
            logger.debug("virtio-net \(tap.name): dropped a \(length)-byte rx frame for \(room) bytes of buffers")
            for _ in chains { queue.undoPop() }
            return true
        }
        // num_buffers (little-endian): the driver needs it to reassemble merged buffers; 1 otherwise.
        frame.storeBytes(of: UInt16(chains.count).littleEndian, toByteOffset: NetworkFeatures.numberOfBuffersOffset, as: UInt16.self)
        var offset = 0
        for chain in chains {
            let count = min(chain.writableLength, length - offset)
            let source = UnsafeRawBufferPointer(rebasing: frame[offset..<(offset + count)])
            let copied = try chain.copyWritable(to: memory, from: source)
            try queue.addUsed(headIndex: chain.headIndex, length: UInt32(copied))
            offset += count
        }
        return true
    }
}
