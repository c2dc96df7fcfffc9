import Synchronization

/// The PC keyboard controller at ports 0x60 (data) and 0x64 (status/command), with a minimal
/// PS/2 keyboard behind it and no mouse.
///
/// It gives Linux's i8042 driver quick, error-free answers (CTR read/write, self-tests, a keyboard
/// that ACKs and identifies itself, an AUX port that reports itself absent at once) and turns a
/// pulse of the reset line (command 0xFE, or any 0xF0-0xFF with bit 0 clear, or an output-port
/// write with bit 0 clear) into a call to `reset`. `sendCtrlAltDel()` lets the VMM ask the guest
/// to reboot gracefully, as Firecracker's SendCtrlAltDel does.
///
/// Register it as one device covering 0x60...0x64 (5 ports); offsets 1-3 read all-ones. Port 0x61
/// (PIT speaker / NMI status) is served by KVM's in-kernel PIT and never reaches the bus.
/// Thread safety: one mutex; the IRQ line is driven under it (only on changes), `reset` is called
/// outside it on the vCPU thread that pulsed the line.
public final class I8042Controller: PortIODevice, Sendable {
    public static let basePort: UInt16 = 0x60
    /// 0x60 through 0x64.
    public static let portCount = 5
    /// The keyboard's ISA interrupt.
    public static let keyboardInterruptNumber: UInt32 = 1

    private let keyboardInterrupt: any InterruptLine
    private let reset: @Sendable () -> Void
    private let state = Mutex(I8042State())

    /// - Parameters:
    ///   - keyboardInterrupt: IRQ 1; Linux's keyboard driver needs it to see the keyboard's replies.
    ///   - reset: called when the guest pulses the CPU reset line.
    public init(keyboardInterrupt: any InterruptLine, reset: @escaping @Sendable () -> Void) {
        self.keyboardInterrupt = keyboardInterrupt
        self.reset = reset
    }

    public func read(offset: UInt16, into data: UnsafeMutableRawBufferPointer) {
        guard data.count == 1 else {
            for index in data.indices { data[index] = 0xFF }
            return
        }
        data[0] = update { $0.read(port: offset) }
    }

    public func write(offset: UInt16, data: UnsafeRawBufferPointer) {
        guard data.count == 1 else { return }
        let value = data[0]
        let resetRequested = update { $0.write(port: offset, value: value) }
        if resetRequested { reset() }
    }

    /// Queues Ctrl+Alt+Del (pressed, then released) from the keyboard and raises IRQ 1.
    /// Returns false if the guest disabled the keyboard or earlier keys are still unread.
    @discardableResult
    public func sendCtrlAltDel() -> Bool {
        update { $0.queueCtrlAltDel() }
    }

    /// Runs `body` under the lock, then drives IRQ 1: a consumed byte first lowers the line so the
    /// next one produces a fresh edge on the (edge-triggered) ISA interrupt.
    private func update<Result: Sendable>(_ body: (inout I8042State) -> Result) -> Result {
        state.withLock { state in
            let result = body(&state)
            if state.needsFallingEdge {
                state.needsFallingEdge = false
                if state.signalledLevel {
                    state.signalledLevel = false
                    keyboardInterrupt.setLevel(false)
                }
            }
            let level = state.interruptLineLevel
            if level != state.signalledLevel {
                state.signalledLevel = level
                keyboardInterrupt.setLevel(level)
            }
            return result
        }
    }
}
