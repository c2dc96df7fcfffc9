import CVesselEvent
import Logging
import Testing
import VesselMemory
import VesselVirtio
import VesselVirtioDevices
import VesselVirtioTesting

/// A network device on a real tap in the current (private) namespace, driven through its queues,
/// with the interface up and a packet socket watching it from the host side.
final class NetworkDeviceRig {
    static let tapName = "vnet-test0"
    static let receiveBase: UInt64 = 0x100000
    static let transmitBase: UInt64 = 0x400000

    let harness: DeviceHarness
    let device: NetworkDevice
    let socket: PacketSocket
    var receiveQueue: GuestQueueDriver { harness.queues[0] }
    var transmitQueue: GuestQueueDriver { harness.queues[1] }
    /// Receive buffers the test posted, by head descriptor.
    private var receiveBuffers: [UInt32: (address: UInt64, length: UInt32)] = [:]
    private var nextReceiveAddress = NetworkDeviceRig.receiveBase
    /// Each tx chain gets its own memory: the device may read it after the next one is written.
    private var nextTransmitAddress = NetworkDeviceRig.transmitBase

    init(mtu: Int? = nil, accept: @escaping (UInt64) -> UInt64 = { $0 }) throws {
        let tap = try TapDevice(name: Self.tapName, mtu: mtu)
        let mac = try #require(MACAddress("52:54:00:12:34:56"))
        var made: NetworkDevice?
        harness = try DeviceHarness(memorySize: 8 << 20, device: { loop in
            let device = NetworkDevice(tap: tap, mac: mac, mtu: mtu, loop: loop, logger: Logger(label: "test"))
            made = device
            return device
        }, accept: accept)
        device = try #require(made)
        guard vessel_interface_set_up(Self.tapName, true) == 0 else { throw NamespaceError("cannot bring \(Self.tapName) up") }
        socket = try PacketSocket(interface: Self.tapName)
    }

    /// Posts `count` device-writable buffers of `length` bytes on rx and kicks the device.
    func postReceiveBuffers(count: Int, length: UInt32) throws {
        for _ in 0..<count {
            let head = try receiveQueue.addChain([(nextReceiveAddress, length, true)])
            receiveBuffers[UInt32(head)] = (nextReceiveAddress, length)
            nextReceiveAddress += UInt64(length + 0xFFF) & ~0xFFF
        }
        harness.driver.notify(queue: 0)
    }

    /// Sends a header plus `frame` on tx, split over descriptors of at most `segment` bytes.
    func transmit(header: [UInt8] = [UInt8](repeating: 0, count: 12), _ frame: [UInt8], segment: Int = 1 << 20) throws {
        let bytes = header + frame
        var buffers: [(address: UInt64, length: UInt32, writable: Bool)] = []
        var address = nextTransmitAddress
        var offset = 0
        while offset < bytes.count {
            let count = min(segment, bytes.count - offset)
            try harness.memory.write(bytes[offset..<(offset + count)], at: GuestAddress(address))
            buffers.append((address, UInt32(count), false))
            address += UInt64(count + 0xFFF) & ~0xFFF
            offset += count
        }
        nextTransmitAddress = address
        try transmitQueue.addChain(buffers)
        harness.driver.notify(queue: 1)
    }

    /// Reassembles received frames (header included) from the used ring until one satisfies `matching`.
    func receiveFrame(seconds: Double = 5, matching: ([UInt8]) -> Bool) throws -> (bytes: [UInt8], buffers: Int) {
        var found: (bytes: [UInt8], buffers: Int)?
        var pending: [(id: UInt32, length: UInt32)] = []
        try harness.waitUntil(seconds: seconds) {
            pending += try receiveQueue.takeUsed()
            while let first = pending.first {
                let firstBytes = try bytes(of: first)
                guard firstBytes.count >= 12 else { pending.removeFirst(); continue }
                let count = max(1, Int(firstBytes[10]) | Int(firstBytes[11]) << 8)
                guard pending.count >= count else { break }
                var frame = firstBytes
                for entry in pending[1..<count] { frame += try bytes(of: entry) }
                pending.removeFirst(count)
                if matching(Array(frame.dropFirst(12))) { found = (frame, count) }
            }
            return found != nil
        }
        return try #require(found)
    }

    private func bytes(of entry: (id: UInt32, length: UInt32)) throws -> [UInt8] {
        let buffer = try #require(receiveBuffers[entry.id])
        return try harness.memory.read(at: GuestAddress(buffer.address), count: Int(min(entry.length, buffer.length)))
    }

    var isBroken: Bool { harness.driver.status & 64 != 0 }
}
