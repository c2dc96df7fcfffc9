#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The PC real-time clock and CMOS RAM (MC146818) at ports 0x70 (index) and 0x71 (data).
///
/// Time registers show the host's UTC wall clock, in BCD or binary and 12- or 24-hour form as
/// register B says; status A never reports an update in progress, status D reports valid RAM,
/// status C reports no interrupts (none are emulated). Bit 7 of the index (NMI disable) is
/// ignored. If the guest sets the clock (SET bit in register B, or a direct write), later reads
/// keep the difference from the host clock. The other bytes are plain CMOS RAM.
/// Thread safety: one mutex around the register file.
public final class CMOSClock: PortIODevice, Sendable {
    public static let basePort: UInt16 = 0x70
    public static let portCount = 2

    private let clock: @Sendable () -> Int64
    private let state = Mutex(CMOSState())

    /// - Parameter clock: seconds since the Unix epoch, UTC; the host's real-time clock by default.
    public init(clock: @escaping @Sendable () -> Int64 = CMOSClock.hostRealtimeSeconds) {
        self.clock = clock
    }

    /// The host's CLOCK_REALTIME, whole seconds.
    @Sendable public static func hostRealtimeSeconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec)
    }

    public func read(offset: UInt16, into data: UnsafeMutableRawBufferPointer) {
        guard data.count == 1 else {
            for index in data.indices { data[index] = 0xFF }
            return
        }
        switch offset {
        case 0:
            data[0] = state.withLock { $0.index }
        default:
            let now = clock()
            data[0] = state.withLock { $0.readData(hostSeconds: now) }
        }
    }

    public func write(offset: UInt16, data: UnsafeRawBufferPointer) {
        guard data.count == 1 else { return }
        let value = data[0]
        switch offset {
        case 0:
            state.withLock { $0.index = value & 0x7F }
        default:
            let now = clock()
            state.withLock { $0.writeData(value, hostSeconds: now) }
        }
    }
}
