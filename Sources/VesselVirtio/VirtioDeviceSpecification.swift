import Logging

/// A device as the user asked for it (`--disk ...`, `--net ...`): validated syntax, no host resources yet.
/// The VMM turns each into a live device with `makeDevice` while it builds the machine.
public protocol VirtioDeviceSpecification: Sendable, CustomStringConvertible {
    /// Unique among a machine's devices; a duplicate is a configuration error.
    var identifier: String { get }
    /// Parameters this device needs on the guest kernel command line (e.g. `root=/dev/vda`).
    var kernelCommandLineAdditions: [String] { get }
    /// Opens host resources (files, tap devices, sockets). A failure is one line naming the problem,
    /// and leaves nothing behind.
    func makeDevice(loop: DeviceEventLoop, logger: Logger) throws -> any VirtioDevice
}

extension VirtioDeviceSpecification {
    public var kernelCommandLineAdditions: [String] { [] }
}
