import Logging
import VesselVirtio
#if canImport(Glibc)
import Glibc
#endif

/// `--vsock cid=N,uds=PATH`: the guest's context ID and the host Unix socket Vessel creates for it.
public struct VsockDeviceSpecification: VirtioDeviceSpecification, Equatable {
    /// 0-2 are reserved (hypervisor, local, host); Linux keeps CIDs to 32 bits and U32_MAX means "any".
    public static let cidRange: ClosedRange<UInt64> = 3...0xFFFF_FFFE
    /// Room for `_<port>` (up to 11 bytes) after PATH within sun_path's 107 bytes.
    public static let maximumPathLength = VsockUnixSocket.maximumPathLength - 11

    public let guestCID: UInt64
    public let socketPath: String

    public init(guestCID: UInt64, socketPath: String) {
        self.guestCID = guestCID
        self.socketPath = socketPath
    }

    /// Parses `cid=N,uds=PATH` (keys in any order) and checks the CID and that PATH does not exist yet.
    public init(parsing value: String) throws {
        var cid: UInt64?
        var path: String?
        for field in value.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = field.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[1].isEmpty else {
                throw VirtioError.invalidConfiguration("--vsock '\(value)': expected cid=N,uds=PATH")
            }
            switch parts[0] {
            case "cid" where cid == nil:
                guard let number = UInt64(parts[1]) else {
                    throw VirtioError.invalidConfiguration("--vsock: cid '\(parts[1])' is not a number")
                }
                cid = number
            case "uds" where path == nil:
                path = String(parts[1])
            case "cid", "uds":
                throw VirtioError.invalidConfiguration("--vsock '\(value)': \(parts[0]) is given twice")
            default:
                throw VirtioError.invalidConfiguration("--vsock '\(value)': unknown key '\(parts[0])' (expected cid=N,uds=PATH)")
            }
        }
        guard let cid, let path else {
            throw VirtioError.invalidConfiguration("--vsock '\(value)': expected cid=N,uds=PATH")
        }
        guard Self.cidRange.contains(cid) else {
            throw VirtioError.invalidConfiguration("--vsock: cid \(cid) is reserved; use a CID from 3 to \(Self.cidRange.upperBound)")
        }
        guard path.utf8.count <= Self.maximumPathLength, !path.utf8.contains(0) else {
            throw VirtioError.invalidConfiguration("--vsock: socket path '\(path)' is longer than \(Self.maximumPathLength) bytes")
        }
        var status = stat()
        guard lstat(path, &status) != 0 else {
            throw VirtioError.invalidConfiguration("--vsock: socket path '\(path)' already exists")
        }
        self.init(guestCID: cid, socketPath: path)
    }

    public var identifier: String { "vsock" }
    public var description: String { "virtio-vsock cid=\(guestCID),uds=\(socketPath)" }

    public func makeDevice(loop: DeviceEventLoop, logger: Logger) throws -> any VirtioDevice {
        try VsockDevice(guestCID: guestCID, socketPath: socketPath, loop: loop, logger: logger)
    }
}
