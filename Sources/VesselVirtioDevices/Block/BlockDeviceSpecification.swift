import Logging
import VesselVirtio

/// `--disk PATH[,ro][,id=NAME]` or `--root-disk PATH[,ro]`: a raw image as a virtio-blk disk.
public struct BlockDeviceSpecification: VirtioDeviceSpecification, Equatable {
    public let path: String
    public let isReadOnly: Bool
    /// The disk's serial (GET_ID, /sys/block/vdX/serial); at most 20 bytes.
    public let name: String?
    /// The root disk adds root=/dev/vda; the caller lists it before any other virtio device.
    public let isRoot: Bool

    public init(path: String, readOnly: Bool = false, name: String? = nil, isRoot: Bool = false) {
        self.path = path
        isReadOnly = readOnly
        self.name = name
        self.isRoot = isRoot
    }

    public var identifier: String { name.map { "disk:\($0)" } ?? "disk-path:\(path)" }

    public var description: String { "virtio-blk \(path)" + (isReadOnly ? " (read-only)" : "") }

    public var kernelCommandLineAdditions: [String] {
        isRoot ? ["root=/dev/vda", isReadOnly ? "ro" : "rw"] : []
    }

    public func makeDevice(loop: DeviceEventLoop, logger: Logger) throws -> any VirtioDevice {
        let image = try BlockImage(path: path, readOnly: isReadOnly)
        return BlockDevice(image: image, serial: name ?? "", loop: loop, logger: logger)
    }

    /// Opens and closes the image as the device will, so a missing or unwritable file fails before boot.
    public func checkImage() throws {
        _ = try BlockImage(path: path, readOnly: isReadOnly)
    }
}
