import VesselVirtio
#if canImport(Glibc)
import Glibc
#endif

extension NetworkDevice {
    /// writev takes at most this many segments; Linux sends at most MAX_SKB_FRAGS + 2 per frame.
    static let maximumSegments = 1024

    /// Writes every frame the guest queued on tx to the tap, straight from guest memory.
    func serveTransmit() {
        state.withLock { state in
            guard let current = state else { return }
            do {
                let interrupt = try current.transmitQueue.serveAvailable { chain in
                    if let problem = transmit(chain, memory: current.activation) {
                        logger.debug("virtio-net \(tap.name): dropped a tx frame: \(problem)")
                    }
                    // The device writes nothing into a tx chain.
                    return 0
                }
                if interrupt { current.activation.interrupt.signalUsedBuffer() }
            } catch {
                fail(&state, error)
            }
        }
    }

    /// Sends one header-plus-frame chain; returns why it was dropped, or nil when the tap took it.
    func transmit(_ chain: DescriptorChain, memory activation: VirtioActivation) -> String? {
        let length = chain.readableLength
        let frameLength = length - NetworkFeatures.headerSize
        guard frameLength >= NetworkFeatures.minimumFrameSize else { return "\(length) bytes is shorter than a header and an Ethernet header" }
        guard frameLength <= NetworkFeatures.maximumFrameSize else { return "\(frameLength)-byte frame exceeds \(NetworkFeatures.maximumFrameSize)" }
        guard chain.readable.count <= Self.maximumSegments else { return "\(chain.readable.count) segments" }
        var segments: [iovec] = []
        segments.reserveCapacity(chain.readable.count)
        do {
            try chain.forEachSegment(of: chain.readable, memory: activation.memory, offset: 0, limit: length) { bytes in
                segments.append(iovec(iov_base: bytes.baseAddress, iov_len: bytes.count))
            }
        } catch {
            return "\(error)"
        }
        while true {
            let written = writev(tap.fileDescriptor, segments, Int32(segments.count))
            if written >= 0 { return nil }
            if errno == EINTR { continue }
            // EINVAL: the tap rejected the header (bad GSO fields); EIO: the interface is down.
            return "writev: \(String(cString: strerror(errno)))"
        }
    }
}
