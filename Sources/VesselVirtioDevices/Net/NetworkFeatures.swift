import CVesselEvent
import VesselVirtio

/// virtio-net feature bits and header layout (Virtio 1.2, 5.1.3 and 5.1.6).
enum NetworkFeatures {
    static let checksum = VirtioFeatures.bit(0)
    static let guestChecksum = VirtioFeatures.bit(1)
    static let mtu = VirtioFeatures.bit(3)
    static let mac = VirtioFeatures.bit(5)
    static let guestTSO4 = VirtioFeatures.bit(7)
    static let guestTSO6 = VirtioFeatures.bit(8)
    static let guestECN = VirtioFeatures.bit(9)
    static let hostTSO4 = VirtioFeatures.bit(11)
    static let hostTSO6 = VirtioFeatures.bit(12)
    static let hostECN = VirtioFeatures.bit(13)
    static let mergeableReceiveBuffers = VirtioFeatures.bit(15)

    /// Segmentation and checksum offloads the tap can carry in both directions.
    static let offloads: UInt64 = checksum | guestChecksum | guestTSO4 | guestTSO6 | guestECN
        | hostTSO4 | hostTSO6 | hostECN

    /// struct virtio_net_hdr_v1: with VERSION_1 it always carries num_buffers, so it is 12 bytes.
    static let headerSize = 12
    static let numberOfBuffersOffset = 10
    /// The largest frame: a 64 KiB TSO segment plus its Ethernet and VLAN headers.
    static let maximumFrameSize = 65_536 + 18
    /// An Ethernet header without payload; anything shorter is not a frame.
    static let minimumFrameSize = 14

    /// What the guest accepts on rx, as TUNSETOFFLOAD bits: offloads need the checksum one underneath.
    static func tapOffloads(for features: UInt64) -> UInt32 {
        guard features & guestChecksum != 0 else { return 0 }
        var offloads = UInt32(VESSEL_TAP_OFFLOAD_CSUM)
        if features & guestTSO4 != 0 { offloads |= UInt32(VESSEL_TAP_OFFLOAD_TSO4) }
        if features & guestTSO6 != 0 { offloads |= UInt32(VESSEL_TAP_OFFLOAD_TSO6) }
        if features & guestECN != 0 { offloads |= UInt32(VESSEL_TAP_OFFLOAD_TSO_ECN) }
        return offloads
    }
}
