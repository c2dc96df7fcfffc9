import Logging
import VesselVirtio
import VesselVirtioDevices

/// An entropy device under another identifier, so a machine can carry two of them.
struct NamedEntropy: VirtioDeviceSpecification {
    let identifier: String
    var description: String { "virtio-rng \(identifier)" }

    func makeDevice(loop: DeviceEventLoop, logger: Logger) throws -> any VirtioDevice {
        EntropyDevice(loop: loop, logger: logger)
    }
}
