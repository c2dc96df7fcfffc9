import CVesselEvent
import Logging
import Synchronization
import VesselVirtio
#if canImport(Glibc)
import Glibc
#endif

/// virtio-vsock (Virtio 1.2, 5.10) with Firecracker's host side: the host reaches guest port P by
/// connecting to `socketPath` and writing `CONNECT P\n`; a guest connection to port P reaches the Unix
/// socket `socketPath_P`. Stream sockets only, with per-connection credit flow control; every host
/// socket is non-blocking and served on the device's event loop.
public final class VsockDevice: VirtioDevice, @unchecked Sendable {
    static let receiveQueue = 0
    static let transmitQueue = 1
    /// Receive space we advertise per connection (buf_alloc).
    static let bufferAllocation: UInt32 = 256 * 1024
    /// Send a credit update once the guest's view of our fwd_cnt lags this much: half the buffer, so a
    /// sender never stalls while updates stay rare (each one costs the guest an interrupt).
    static let creditUpdateThreshold: UInt32 = bufferAllocation / 2
    /// Largest payload per packet either way (Linux's VIRTIO_VSOCK_MAX_PKT_BUF_SIZE).
    static let maximumPayload = 64 * 1024
    /// Host-initiated streams use host ports from here up, as Firecracker does.
    static let firstHostPort: UInt32 = 1 << 30
    static let maximumConnections = 1024
    /// While this many header-only packets wait for receive buffers, the transmit queue waits too.
    static let maximumQueuedControlPackets = 1024
    static let maximumConnectLine = 32
    /// A host-initiated REQUEST the guest leaves unanswered this long is reset and its socket closed.
    static let requestTimeoutNanoseconds: UInt64 = 5_000_000_000

    public let deviceType = VirtioDeviceType.socket
    public let queueMaximumSizes: [UInt16] = [256, 256, 256]
    /// No VIRTIO_VSOCK_F_SEQPACKET: stream sockets only.
    public let deviceFeatures: UInt64 = 0
    public let guestCID: UInt64
    public let socketPath: String
    let loop: DeviceEventLoop
    let logger: Logger

    /// Guards every property below; handlers run on the loop thread, activate and reset on a vCPU thread.
    let lock = Mutex(())
    let listener: Int32
    /// A timerfd that ticks while host-initiated requests wait for the guest.
    let requestTimer: Int32
    var requestTimerArmed = false
    var isShutDown = false
    var activation: VirtioActivation?
    var connections: [VsockConnectionKey: VsockConnection] = [:]
    var keysByDescriptor: [Int32: VsockConnectionKey] = [:]
    /// Host sockets that have not sent their `CONNECT <port>` line yet, with the bytes read so far.
    var handshakes: [Int32: [UInt8]] = [:]
    var controlPackets: [VsockControlPacket] = []
    var controlPacketStart = 0
    /// Streams whose host socket was readable, served round-robin.
    var readyKeys: [VsockConnectionKey] = []
    var nextHostPort = VsockDevice.firstHostPort
    var scratch = [UInt8](repeating: 0, count: VsockDevice.maximumPayload)

    /// Creates and listens on `socketPath`; fails if it exists.
    public init(guestCID: UInt64, socketPath: String, loop: DeviceEventLoop, logger: Logger) throws {
        self.guestCID = guestCID
        self.socketPath = socketPath
        self.loop = loop
        self.logger = logger
        listener = try VsockUnixSocket.listen(path: socketPath)
        requestTimer = timerfd_create(CLOCK_MONOTONIC, Int32(TFD_NONBLOCK | TFD_CLOEXEC))
        do {
            guard requestTimer >= 0 else { throw VirtioError.hostCallFailed(call: "timerfd_create", errno: errno) }
            try loop.add(listener) { [weak self] _ in self?.acceptHostConnections() }
            try loop.add(requestTimer) { [weak self] _ in self?.expireRequests() }
        } catch {
            loop.remove(listener)
            close(listener)
            if requestTimer >= 0 { close(requestTimer) }
            unlink(socketPath)
            throw error
        }
    }

    public func readConfiguration(offset: Int, into data: UnsafeMutableRawBufferPointer) {
        let bytes = withUnsafeBytes(of: guestCID.littleEndian) { Array($0) }
        VirtioConfigurationSpace.read(bytes, offset: offset, into: data)
    }

    /// guest_cid is read-only for the driver.
    public func writeConfiguration(offset: Int, data: UnsafeRawBufferPointer) {}

    public func activate(_ activation: VirtioActivation) throws {
        guard activation.queues.count == 3, activation.notifiers.count == 3 else {
            throw VirtioError.activationFailed("vsock needs rx, tx and event queues")
        }
        try lock.withLock { _ in
            self.activation = activation
            for queue in [Self.receiveQueue, Self.transmitQueue] {
                let notifier = activation.notifiers[queue]
                try loop.add(notifier.fileDescriptor) { [weak self] _ in
                    notifier.drain()
                    self?.withServedQueues {}
                }
            }
        }
        // The driver may have queued buffers before its first notification reached us.
        withServedQueues {}
    }

    public func reset() {
        lock.withLock { _ in
            if let activation {
                for queue in [Self.receiveQueue, Self.transmitQueue] {
                    loop.remove(activation.notifiers[queue].fileDescriptor)
                }
            }
            activation = nil
            closeAllConnections()
        }
    }

    /// Closes every host socket and removes the listening socket's file.
    public func shutdown() {
        lock.withLock { _ in
            guard !isShutDown else { return }
            isShutDown = true
            closeAllConnections()
            for descriptor in handshakes.keys {
                loop.remove(descriptor)
                close(descriptor)
            }
            handshakes.removeAll()
            loop.remove(listener)
            close(listener)
            loop.remove(requestTimer)
            close(requestTimer)
            unlink(socketPath)
        }
    }

    deinit {
        shutdown()
    }

    /// Runs `body` under the lock, then serves both queues; a broken queue marks the device broken.
    func withServedQueues(_ body: () -> Void) {
        lock.withLock { _ in
            body()
            guard let activation else { return }
            do {
                try serveQueues(activation)
            } catch {
                markBroken(activation, error as? VirtioError ?? .badRequest("\(error)"))
            }
        }
    }

    private func serveQueues(_ activation: VirtioActivation) throws {
        while true {
            let transmitStalled = try serveTransmitQueue(activation)
            try serveReceiveQueue(activation)
            guard transmitStalled, queuedControlCount < Self.maximumQueuedControlPackets else { return }
        }
    }

    private func markBroken(_ activation: VirtioActivation, _ error: VirtioError) {
        logger.warning("vsock: \(error); the device needs a reset")
        for queue in [Self.receiveQueue, Self.transmitQueue] {
            loop.remove(activation.notifiers[queue].fileDescriptor)
        }
        self.activation = nil
        closeAllConnections()
        activation.reportBroken(error)
    }

    func closeAllConnections() {
        for connection in connections.values {
            loop.remove(connection.descriptor)
            close(connection.descriptor)
        }
        connections.removeAll()
        keysByDescriptor.removeAll()
        controlPackets.removeAll()
        controlPacketStart = 0
        readyKeys.removeAll()
    }
}
