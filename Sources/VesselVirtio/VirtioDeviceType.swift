/// Device IDs from the Virtio 1.2 specification, section 5.
public enum VirtioDeviceType: UInt32, Sendable {
    case network = 1
    case block = 2
    case console = 3
    case entropy = 4
    case socket = 19
}
