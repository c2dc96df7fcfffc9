import Synchronization
import VesselVirtio

/// A device that serves nothing itself: it hands its activation to the harness, which drives the
/// queues synchronously so every input replays the same way (no event-loop thread).
final class FuzzDevice: VirtioDevice, Sendable {
    static let configurationBytes: [UInt8] = [0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xAA, 0xBB, 0xCC]
    static let writableConfiguration = 4..<8

    let deviceType = VirtioDeviceType.block
    let queueMaximumSizes: [UInt16] = [8, 256]
    let deviceFeatures: UInt64 = VirtioFeatures.bit(5) | VirtioFeatures.bit(9)
    let configuration = Mutex<[UInt8]>(FuzzDevice.configurationBytes)
    let activation = Mutex<VirtioActivation?>(nil)
    let activations = Atomic<Int>(0)

    func readConfiguration(offset: Int, into data: UnsafeMutableRawBufferPointer) {
        configuration.withLock { VirtioConfigurationSpace.read($0, offset: offset, into: data) }
    }

    func writeConfiguration(offset: Int, data: UnsafeRawBufferPointer) {
        configuration.withLock {
            VirtioConfigurationSpace.write(&$0, writable: Self.writableConfiguration, offset: offset, data: data)
        }
    }

    func activate(_ activation: VirtioActivation) throws {
        activations.wrappingAdd(1, ordering: .relaxed)
        self.activation.withLock { $0 = activation }
    }

    func reset() {
        activation.withLock { $0 = nil }
    }
}
