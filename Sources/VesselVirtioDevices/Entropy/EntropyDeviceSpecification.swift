import Logging
import VesselVirtio

/// `--rng`: one entropy device fed from the host's getrandom.
public struct EntropyDeviceSpecification: VirtioDeviceSpecification, Equatable {
    public init() {}

    public var identifier: String { "rng" }
    public var description: String { "virtio-rng" }

    public func makeDevice(loop: DeviceEventLoop, logger: Logger) throws -> any VirtioDevice {
        EntropyDevice(loop: loop, logger: logger)
    }
}
