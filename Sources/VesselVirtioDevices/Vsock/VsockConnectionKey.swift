/// A stream between a host port and a guest port; the guest CID is the device's own.
struct VsockConnectionKey: Hashable, Sendable, CustomStringConvertible {
    let hostPort: UInt32
    let guestPort: UInt32

    var description: String { "host port \(hostPort) <-> guest port \(guestPort)" }
}
