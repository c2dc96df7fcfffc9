/// Packet operations (Virtio 1.2, 5.10.6).
public enum VsockOperation: UInt16, Sendable {
    case invalid = 0
    case request = 1
    case response = 2
    case reset = 3
    case shutdown = 4
    case readWrite = 5
    case creditUpdate = 6
    case creditRequest = 7
}
