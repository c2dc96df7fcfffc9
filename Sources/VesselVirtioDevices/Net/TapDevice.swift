import CVesselEvent
import Synchronization
import VesselVirtio
#if canImport(Glibc)
import Glibc
#endif

/// A tap interface whose frames carry a virtio-net header. Vessel attaches to an existing tap, or
/// creates one that lives only as long as its descriptor: closing it (on exit, on a failed start, or
/// when the process dies) removes the interface, so nothing is left behind.
public final class TapDevice: @unchecked Sendable {
    public let name: String
    public let fileDescriptor: Int32
    /// True when this process created the interface (it disappears on `close`).
    public let isCreated: Bool
    private let isOpen = Atomic<Bool>(true)

    /// Opens `name` non-blocking with IFF_VNET_HDR and a 12-byte header, creating the tap if no
    /// interface has that name, and sets its MTU when one is given.
    public init(name: String, mtu: Int? = nil) throws {
        guard NetworkDeviceSpecification.isValidInterfaceName(name) else {
            throw VirtioError.invalidConfiguration("tap '\(name)': not a valid interface name (1-15 characters, no '/', ':' or spaces)")
        }
        let exists = if_nametoindex(name) != 0
        let descriptor = vessel_tap_open(name, !exists)
        guard descriptor >= 0 else {
            throw VirtioError.invalidConfiguration("tap '\(name)': \(Self.explain(-descriptor, exists: exists))")
        }
        self.name = name
        self.fileDescriptor = descriptor
        self.isCreated = !exists
        // From here on a throw runs deinit, which closes the descriptor and so removes a created tap.
        try check(vessel_tap_set_header_size(descriptor, Int32(NetworkFeatures.headerSize)), "TUNSETVNETHDRSZ")
        try check(vessel_tap_set_offload(descriptor, 0), "TUNSETOFFLOAD")
        if let mtu {
            try check(vessel_interface_set_mtu(name, Int32(mtu)), "setting MTU \(mtu)")
        }
    }

    deinit {
        close()
    }

    /// Tells the tap which offloads the reader accepts (VESSEL_TAP_OFFLOAD_* bits).
    public func setOffloads(_ offloads: UInt32) throws {
        try check(vessel_tap_set_offload(fileDescriptor, offloads), "TUNSETOFFLOAD")
    }

    public func close() {
        guard isOpen.exchange(false, ordering: .acquiringAndReleasing) else { return }
        _ = Glibc.close(fileDescriptor)
    }

    private func check(_ result: Int32, _ what: String) throws {
        guard result >= 0 else {
            throw VirtioError.invalidConfiguration("tap '\(name)': \(what) failed: \(String(cString: strerror(-result)))")
        }
    }

    private static func explain(_ error: Int32, exists: Bool) -> String {
        switch error {
        case EPERM, EACCES:
            return exists ? "no permission to attach (needs CAP_NET_ADMIN or the tap's owner)"
                : "no permission to create a tap (needs CAP_NET_ADMIN)"
        case EINVAL where exists:
            return "the interface exists but is not a single-queue tap device"
        case EBUSY:
            return exists ? "already in use by another process" : "created by someone else meanwhile"
        case ENOENT, ENODEV:
            return "/dev/net/tun is missing (load the tun module)"
        default:
            return String(cString: strerror(error))
        }
    }
}
