import Foundation
import Logging
import VesselMemory
import VesselVirtio
import VesselVirtioDevices
import VesselVirtioTesting
#if canImport(Glibc)
import Glibc
#endif

/// The guest side of a vsock device in test memory: keeps receive buffers posted (a 44-byte header
/// descriptor plus a 4 KiB payload descriptor, as Linux 6.1 does), sends packets on the transmit queue
/// and decodes what the device delivers.
final class VsockGuestDriver {
    struct Packet {
        let header: VsockPacketHeader
        let payload: [UInt8]
        var operation: VsockOperation? { header.knownOperation }
    }

    static let receiveBase: UInt64 = 0x10_0000
    static let transmitBase: UInt64 = 0x40_0000
    static let transmitSlot: UInt64 = 0x1_1000
    static let receivePayload: UInt32 = 4096

    let harness: DeviceHarness
    let guestCID: UInt64
    let socketPath: String
    private var receiveQueue: GuestQueueDriver { harness.queues[0] }
    private var transmitQueue: GuestQueueDriver { harness.queues[1] }
    /// Packets taken from the receive queue and not yet consumed by `next`.
    private var delivered: [Packet] = []

    init(guestCID: UInt64 = 42, postedBuffers: Int = 64) throws {
        let path = try Self.temporarySocketPath()
        self.guestCID = guestCID
        self.socketPath = path
        harness = try DeviceHarness(memorySize: 32 << 20) { loop in
            try VsockDevice(guestCID: guestCID, socketPath: path, loop: loop, logger: Logger(label: "test"))
        }
        for _ in 0..<postedBuffers { try postReceiveBuffer() }
        harness.driver.notify(queue: 0)
    }

    deinit {
        harness.device.shutdown()
        for path in extraPaths { unlink(path) }
        rmdir((socketPath as NSString).deletingLastPathComponent)
    }

    /// Host listeners the test created next to the device socket (PATH_P), removed at the end.
    var extraPaths: [String] = []

    /// Listens where guest connections to `port` go.
    func listenForGuest(port: UInt32) throws -> UnixStream {
        let path = "\(socketPath)_\(port)"
        extraPaths.append(path)
        return try UnixStream.listen(at: path)
    }

    static func temporarySocketPath() throws -> String {
        var template = Array("/tmp/vessel-vsock-XXXXXX".utf8CString)
        guard let directory = template.withUnsafeMutableBufferPointer({ buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }) else {
            throw VirtioError.hostCallFailed(call: "mkdtemp", errno: errno)
        }
        return String(cString: directory) + "/v.sock"
    }

    func postReceiveBuffer() throws {
        let head = try receiveQueue.writeChain([(0, UInt32(VsockPacketHeader.size), true), (0, Self.receivePayload, true)])
        let base = Self.receiveBase + UInt64(head) * 0x2000
        try receiveQueue.writeDescriptor(index: head, address: base, length: UInt32(VsockPacketHeader.size),
                                         flags: 3, next: head &+ 1)
        try receiveQueue.writeDescriptor(index: head &+ 1, address: base + 0x1000, length: Self.receivePayload,
                                         flags: 2, next: 0)
        try receiveQueue.publish(head: head)
    }

    /// Sends one packet from the guest: header and payload in one readable buffer.
    func send(_ header: VsockPacketHeader, payload: [UInt8] = [], rawHeader: [UInt8]? = nil) throws {
        let bytes = (rawHeader ?? header.bytes) + payload
        let head = try transmitQueue.writeChain([(0, UInt32(bytes.count), false)])
        let address = Self.transmitBase + UInt64(head) * Self.transmitSlot
        try harness.memory.write(bytes, at: GuestAddress(address))
        try transmitQueue.writeDescriptor(index: head, address: address, length: UInt32(bytes.count), flags: 0, next: 0)
        try transmitQueue.publish(head: head)
        harness.driver.notify(queue: 1)
    }

    func header(_ operation: VsockOperation, guestPort: UInt32, hostPort: UInt32, length: UInt32 = 0,
                flags: UInt32 = 0, bufferAllocation: UInt32 = 256 * 1024, forwardCount: UInt32 = 0) -> VsockPacketHeader {
        VsockPacketHeader(sourceCID: guestCID, destinationCID: 2, sourcePort: guestPort, destinationPort: hostPort,
                          length: length, operation: operation, flags: flags, bufferAllocation: bufferAllocation,
                          forwardCount: forwardCount)
    }

    /// Moves used receive buffers into `delivered` and posts fresh ones.
    func collect() throws {
        for element in try receiveQueue.takeUsed() {
            let base = Self.receiveBase + UInt64(element.id) * 0x2000
            let headerBytes = try harness.memory.read(at: GuestAddress(base), count: VsockPacketHeader.size)
            guard let header = VsockPacketHeader(bytes: headerBytes) else {
                throw VirtioError.badRequest("short packet of \(element.length) bytes")
            }
            let payloadLength = Int(element.length) - VsockPacketHeader.size
            guard payloadLength == Int(header.length) else {
                throw VirtioError.badRequest("used length \(element.length) does not match header length \(header.length)")
            }
            let payload = try harness.memory.read(at: GuestAddress(base + 0x1000), count: payloadLength)
            delivered.append(Packet(header: header, payload: payload))
            try postReceiveBuffer()
            harness.driver.notify(queue: 0)
        }
    }

    /// Waits for the next packet the device sends to the guest.
    func next(seconds: Double = 5) throws -> Packet {
        try harness.waitUntil(seconds: seconds) {
            try collect()
            return !delivered.isEmpty
        }
        return delivered.removeFirst()
    }

    /// Everything delivered within `seconds` (used to show that nothing more arrives).
    func drain(for seconds: Double) throws -> [Packet] {
        _ = try? harness.waitUntil(seconds: seconds) {
            try collect()
            return false
        }
        defer { delivered.removeAll() }
        return delivered
    }

    /// Waits for the next packet with `operation`, skipping credit updates.
    func next(_ operation: VsockOperation, seconds: Double = 5) throws -> Packet {
        while true {
            let packet = try next(seconds: seconds)
            if packet.operation == .creditUpdate && operation != .creditUpdate { continue }
            guard packet.operation == operation else {
                throw VirtioError.badRequest("expected \(operation), got op \(packet.header.operation)")
            }
            return packet
        }
    }

    /// Collects RW payload on `guestPort` until `count` bytes arrived, answering with credit as it consumes.
    func receiveData(guestPort: UInt32, hostPort: UInt32, count: Int, seconds: Double = 10) throws -> [UInt8] {
        var data: [UInt8] = []
        try harness.waitUntil(seconds: seconds) {
            try collect()
            while let index = delivered.firstIndex(where: { $0.header.destinationPort == guestPort }) {
                let packet = delivered.remove(at: index)
                if packet.operation == .readWrite {
                    data += packet.payload
                    try send(header(.creditUpdate, guestPort: guestPort, hostPort: hostPort,
                                    forwardCount: UInt32(truncatingIfNeeded: data.count)))
                }
            }
            return data.count >= count
        }
        return data
    }
}
