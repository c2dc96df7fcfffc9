import Synchronization

/// The hardware-reduced ACPI sleep and reset registers, as the boot helper describes them in the
/// FADT: SLEEP_CONTROL at 0x600, SLEEP_STATUS at 0x601, RESET_REG at 0x602 (value 0x01), all
/// one byte wide, and \_S5 with SLP_TYP 5.
///
/// - A SLEEP_CONTROL write with SLP_EN (bit 5) and SLP_TYP (bits 2-4) == 5 calls `powerOff`.
/// - Any other sleep request (S1-S4) is refused by waking at once: WAK_STS (bit 7 of
///   SLEEP_STATUS) is set so the guest's wait loop ends. WAK_STS is cleared by writing 1 to it.
/// - A RESET_REG write of exactly 0x01 calls `reset`.
/// Handlers run outside the lock on the writing vCPU's thread. Only byte accesses are decoded.
public final class ACPIPowerDevice: PortIODevice, Sendable {
    public static let basePort: UInt16 = 0x600
    public static let portCount = 3
    public static let sleepControlOffset: UInt16 = 0
    public static let sleepStatusOffset: UInt16 = 1
    public static let resetOffset: UInt16 = 2
    /// The value the FADT's RESET_VALUE must hold.
    public static let resetValue: UInt8 = 0x01
    /// SLP_TYP for S5 (soft off); the DSDT's \_S5 package must carry it.
    public static let softOffSleepType: UInt8 = 5

    static let sleepEnable: UInt8 = 0x20
    static let wakeStatus: UInt8 = 0x80

    private let powerOff: @Sendable () -> Void
    private let reset: @Sendable () -> Void
    private let wakeStatusSet = Mutex(false)

    public init(powerOff: @escaping @Sendable () -> Void, reset: @escaping @Sendable () -> Void) {
        self.powerOff = powerOff
        self.reset = reset
    }

    public func read(offset: UInt16, into data: UnsafeMutableRawBufferPointer) {
        guard data.count == 1 else {
            for index in data.indices { data[index] = 0xFF }
            return
        }
        switch offset {
        case Self.sleepStatusOffset:
            data[0] = wakeStatusSet.withLock { $0 } ? Self.wakeStatus : 0
        default:
            // SLEEP_CONTROL and RESET_REG are write-only.
            data[0] = 0
        }
    }

    public func write(offset: UInt16, data: UnsafeRawBufferPointer) {
        guard data.count == 1 else { return }
        let value = data[0]
        switch offset {
        case Self.sleepControlOffset:
            guard value & Self.sleepEnable != 0 else { return }
            let sleepType = (value >> 2) & 0x07
            if sleepType == Self.softOffSleepType {
                powerOff()
            } else {
                wakeStatusSet.withLock { $0 = true }
            }
        case Self.sleepStatusOffset:
            if value & Self.wakeStatus != 0 { wakeStatusSet.withLock { $0 = false } }
        case Self.resetOffset:
            if value == Self.resetValue { reset() }
        default:
            break
        }
    }
}
