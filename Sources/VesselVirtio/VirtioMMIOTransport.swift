import Logging
import Synchronization
import VesselDevices
import VesselMemory

/// The virtio-mmio transport (version 2) in front of one device. vCPU threads access the registers;
/// the device runs its queues on its own thread once the driver sets DRIVER_OK.
public final class VirtioMMIOTransport: MMIODevice, @unchecked Sendable {
    public let device: any VirtioDevice
    public let memory: GuestMemory
    public let interrupt: VirtioInterrupt
    /// One per queue, kicked by QueueNotify writes; the VMM also binds them to KVM ioeventfds.
    public let notifiers: [EventNotifier]
    let logger: Logger
    let state: Mutex<VirtioMMIOState>
    /// Set from the device thread without the register lock, so a broken queue never waits on a vCPU.
    let broken = Atomic<Bool>(false)

    public static let windowSize = VirtioMMIORegister.windowSize
    public static let notifyOffset = VirtioMMIORegister.queueNotify

    public init(device: any VirtioDevice, memory: GuestMemory, interrupt: VirtioInterrupt, logger: Logger) throws {
        self.device = device
        self.memory = memory
        self.interrupt = interrupt
        self.logger = logger
        notifiers = try device.queueMaximumSizes.map { _ in try EventNotifier() }
        state = Mutex(VirtioMMIOState(queueMaximumSizes: device.queueMaximumSizes))
    }

    public var offeredFeatures: UInt64 { device.deviceFeatures | VirtioFeatures.transportOffered }

    public var status: VirtioDeviceStatus {
        var status = state.withLock { $0.status }
        if broken.load(ordering: .acquiring) { status.insert(.deviceNeedsReset) }
        return status
    }

    public func read(offset: UInt64, into data: UnsafeMutableRawBufferPointer) {
        if offset >= VirtioMMIORegister.configuration {
            device.readConfiguration(offset: Int(offset - VirtioMMIORegister.configuration), into: data)
            return
        }
        // Registers are 32-bit; other widths are a driver bug and read as zero.
        guard data.count == 4, offset % 4 == 0 else {
            data.initializeMemory(as: UInt8.self, repeating: 0)
            return
        }
        data.storeBytes(of: register(at: offset).littleEndian, as: UInt32.self)
    }

    public func write(offset: UInt64, data: UnsafeRawBufferPointer) {
        if offset >= VirtioMMIORegister.configuration {
            device.writeConfiguration(offset: Int(offset - VirtioMMIORegister.configuration), data: data)
            return
        }
        guard data.count == 4, offset % 4 == 0 else {
            logger.debug("virtio-mmio: ignored \(data.count)-byte write at 0x\(String(offset, radix: 16))")
            return
        }
        setRegister(at: offset, to: UInt32(littleEndian: data.loadUnaligned(as: UInt32.self)))
    }
}
