/// Feature bits shared by every device type (Virtio 1.2, section 6). Device-specific bits are below 24.
public enum VirtioFeatures {
    public static let ringIndirectDescriptors: UInt64 = 1 << 28
    public static let ringEventIndex: UInt64 = 1 << 29
    public static let version1: UInt64 = 1 << 32

    /// Offered by the transport for every device on top of the device's own bits.
    public static let transportOffered: UInt64 = version1 | ringIndirectDescriptors | ringEventIndex

    public static func bit(_ index: Int) -> UInt64 { 1 << UInt64(index) }
}
