import Synchronization

/// The transport's interrupt status register and the line behind it. Devices call the `signal`
/// methods from their threads; the driver reads and acknowledges from vCPU threads.
public final class VirtioInterrupt: Sendable {
    public static let usedBufferBit: UInt32 = 1
    public static let configurationChangeBit: UInt32 = 2

    private let status = Atomic<UInt32>(0)
    private let generation = Atomic<UInt32>(0)
    private let trigger: @Sendable () -> Void

    /// `trigger` raises the device's interrupt: an irqfd write in the VMM, a counter in tests.
    public init(trigger: @escaping @Sendable () -> Void) {
        self.trigger = trigger
    }

    public func signalUsedBuffer() {
        status.bitwiseOr(Self.usedBufferBit, ordering: .sequentiallyConsistent)
        trigger()
    }

    /// Also bumps the configuration generation so the driver rereads a consistent configuration.
    public func signalConfigurationChange() {
        generation.wrappingAdd(1, ordering: .sequentiallyConsistent)
        status.bitwiseOr(Self.configurationChangeBit, ordering: .sequentiallyConsistent)
        trigger()
    }

    public var pendingStatus: UInt32 { status.load(ordering: .sequentiallyConsistent) }
    public var configurationGeneration: UInt32 { generation.load(ordering: .sequentiallyConsistent) }

    public func acknowledge(_ bits: UInt32) {
        status.bitwiseAnd(~bits, ordering: .sequentiallyConsistent)
    }

    func clear() {
        status.store(0, ordering: .sequentiallyConsistent)
    }
}
