import CVesselEvent
#if canImport(Glibc)
import Glibc
#endif

/// An AF_PACKET socket on one interface: the host-side view of what crosses a tap.
final class PacketSocket {
    let fileDescriptor: Int32

    init(interface: String) throws {
        let fd = vessel_packet_socket(interface)
        guard fd >= 0 else { throw NamespaceError("packet socket on \(interface): \(String(cString: strerror(-fd)))") }
        fileDescriptor = fd
    }

    deinit {
        close(fileDescriptor)
    }

    /// Transmits `frame` out of the interface, i.e. into the tap's reader (the guest).
    func send(_ frame: [UInt8]) throws {
        let sent = frame.withUnsafeBytes { Glibc.send(fileDescriptor, $0.baseAddress, $0.count, 0) }
        guard sent == frame.count else { throw NamespaceError("send: \(String(cString: strerror(errno)))") }
    }

    /// Waits for a frame `matching`; other traffic is skipped.
    func receive(seconds: Double = 5, matching: ([UInt8]) -> Bool) throws -> [UInt8] {
        let deadline = Double(vessel_monotonic_nanoseconds()) / 1e9 + seconds
        var buffer = [UInt8](repeating: 0, count: 70_000)
        while Double(vessel_monotonic_nanoseconds()) / 1e9 < deadline {
            let count = buffer.withUnsafeMutableBytes { recv(fileDescriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                let frame = Array(buffer.prefix(count))
                if matching(frame) { return frame }
                continue
            }
            usleep(1000)
        }
        throw NamespaceError("no matching frame within \(seconds) s")
    }
}
