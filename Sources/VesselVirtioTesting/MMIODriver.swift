import VesselDevices
import VesselMemory
import VesselVirtio

/// Brings a virtio-mmio device up through its registers in the order Linux's virtio_mmio driver uses,
/// with a `GuestQueueDriver` for each queue laid out in guest memory from `queueBase` on.
public struct MMIODriver {
    public let device: any MMIODevice
    public let memory: GuestMemory

    public init(device: any MMIODevice, memory: GuestMemory) {
        self.device = device
        self.memory = memory
    }

    public func read(_ offset: UInt64) -> UInt32 {
        var value: UInt32 = 0
        withUnsafeMutableBytes(of: &value) { device.read(offset: offset, into: $0) }
        return UInt32(littleEndian: value)
    }

    public func write(_ offset: UInt64, _ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { device.write(offset: offset, data: $0) }
    }

    public var status: UInt32 { read(0x70) }

    public func offeredFeatures() -> UInt64 {
        write(0x14, 0)
        let low = UInt64(read(0x10))
        write(0x14, 1)
        return low | UInt64(read(0x10)) << 32
    }

    /// Runs the whole initialisation; `accept` picks the driver features from the offered ones.
    /// Returns the queue drivers, or nil if the device refused FEATURES_OK.
    public func initialise(queueBase: UInt64 = 0x1000, queueSize: UInt16? = nil,
                           accept: (UInt64) -> UInt64 = { $0 }) throws -> [GuestQueueDriver]? {
        write(0x70, 0)
        write(0x70, 1)
        write(0x70, 1 | 2)
        let features = accept(offeredFeatures())
        write(0x24, 0)
        write(0x20, UInt32(truncatingIfNeeded: features))
        write(0x24, 1)
        write(0x20, UInt32(truncatingIfNeeded: features >> 32))
        write(0x70, 1 | 2 | 8)
        guard status & 8 != 0 else { return nil }
        var drivers: [GuestQueueDriver] = []
        var base = queueBase
        var index: UInt32 = 0
        while true {
            write(0x30, index)
            let maximum = read(0x34)
            if maximum == 0 { break }
            let size = queueSize.map { min(UInt32($0), maximum) } ?? maximum
            let driver = GuestQueueDriver(memory: memory, size: UInt16(size), base: base)
            // A driver allocates zeroed rings; stale entries from an earlier set-up must not reappear.
            if memory.contains(GuestAddress(base), length: driver.footprint) {
                try memory.zero(at: GuestAddress(base), count: Int(driver.footprint))
            }
            write(0x38, size)
            write(0x80, UInt32(truncatingIfNeeded: driver.descriptorTable))
            write(0x84, UInt32(truncatingIfNeeded: driver.descriptorTable >> 32))
            write(0x90, UInt32(truncatingIfNeeded: driver.availableRing))
            write(0x94, UInt32(truncatingIfNeeded: driver.availableRing >> 32))
            write(0xa0, UInt32(truncatingIfNeeded: driver.usedRing))
            write(0xa4, UInt32(truncatingIfNeeded: driver.usedRing >> 32))
            write(0x44, 1)
            drivers.append(driver)
            base = (base + driver.footprint + 0xFFF) & ~0xFFF
            index += 1
        }
        write(0x70, 1 | 2 | 8 | 4)
        return drivers
    }

    public func notify(queue: UInt32) {
        write(0x50, queue)
    }
}
