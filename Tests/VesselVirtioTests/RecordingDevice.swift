import Synchronization
import VesselVirtio

/// A device that only records what the transport does to it, to test the transport's state machine.
final class RecordingDevice: VirtioDevice, @unchecked Sendable {
    let deviceType = VirtioDeviceType.block
    let queueMaximumSizes: [UInt16]
    let deviceFeatures: UInt64 = 1 << 5
    let configuration: [UInt8] = Array(0..<16)
    let activations = Mutex<[VirtioActivation]>([])
    let resets = Atomic<Int>(0)

    init(queueMaximumSizes: [UInt16] = [16, 8]) {
        self.queueMaximumSizes = queueMaximumSizes
    }

    func readConfiguration(offset: Int, into data: UnsafeMutableRawBufferPointer) {
        VirtioConfigurationSpace.read(configuration, offset: offset, into: data)
    }

    func writeConfiguration(offset: Int, data: UnsafeRawBufferPointer) {}

    func activate(_ activation: VirtioActivation) throws {
        activations.withLock { $0.append(activation) }
    }

    func reset() {
        resets.wrappingAdd(1, ordering: .relaxed)
    }
}
