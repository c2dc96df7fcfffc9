import Synchronization

/// A 16550A-compatible UART as Linux's 8250 driver drives it (COM1: ports 0x3F8-0x3FF, IRQ 4).
///
/// Thread safety: every register access and `enqueueInput` runs under one mutex.
/// - The interrupt line is driven *under* that mutex, and only on level changes, so concurrent
///   vCPUs can never deliver transitions out of order. `InterruptLine.setLevel` must therefore
///   not call back into this device.
/// - The output sink and the receive-space callback run *outside* the mutex, on the thread that
///   caused them (a vCPU thread). They may call `enqueueInput`. Output order is the guest's THR
///   write order, since a guest serialises its THR writes (Linux holds the port lock).
///
/// Simplifications a driver cannot observe as errors: transmission is instantaneous (THRE and TEMT
/// always set), the received-data interrupt fires as soon as one byte waits (no trigger levels or
/// character timeout), and the only line error is an overrun in loopback mode.
///
/// Only byte-wide accesses reach the registers; wider reads return all-ones and wider writes are
/// ignored, as no 8250 driver uses them.
public final class Serial8250: PortIODevice, Sendable {
    /// COM1's base port on a PC.
    public static let com1Port: UInt16 = 0x3F8
    /// COM1's ISA interrupt.
    public static let com1Interrupt: UInt32 = 4
    /// Number of ports the UART decodes (register them all: Linux probes every one).
    public static let portCount = 8

    private let interrupt: any InterruptLine
    private let output: @Sendable (UInt8) -> Void
    private let receiveSpaceAvailable: (@Sendable () -> Void)?
    private let state: Mutex<Serial8250State>

    /// - Parameters:
    ///   - interrupt: the UART's IRQ pin; driven high while an enabled interrupt is pending (and,
    ///     per `configuration`, MCR.OUT2 is set).
    ///   - configuration: receive buffer size and OUT2 gating.
    ///   - output: receives each byte the guest transmits.
    ///   - receiveSpaceAvailable: called once after `enqueueInput` refused bytes and the guest has
    ///     since drained at least half the receive buffer; the input thread can then resume.
    public init(interrupt: any InterruptLine,
                configuration: Serial8250Configuration = Serial8250Configuration(),
                output: @escaping @Sendable (UInt8) -> Void,
                receiveSpaceAvailable: (@Sendable () -> Void)? = nil) {
        self.interrupt = interrupt
        self.output = output
        self.receiveSpaceAvailable = receiveSpaceAvailable
        self.state = Mutex(Serial8250State(configuration: configuration))
    }

    public func read(offset: UInt16, into data: UnsafeMutableRawBufferPointer) {
        guard data.count == 1 else {
            fillAllOnes(data)
            return
        }
        let (value, freed) = update { $0.read(register: offset) }
        data[0] = value
        if freed { receiveSpaceAvailable?() }
    }

    public func write(offset: UInt16, data: UnsafeRawBufferPointer) {
        guard data.count == 1 else { return }
        let value = data[0]
        let (transmitted, freed) = update { $0.write(register: offset, value: value) }
        if let transmitted { output(transmitted) }
        if freed { receiveSpaceAvailable?() }
    }

    /// Queues host input (keyboard, pasted text) for the guest. Returns how many leading bytes of
    /// `bytes` were accepted; the rest must be offered again later (see `receiveSpaceAvailable`).
    @discardableResult
    public func enqueueInput(_ bytes: some Sequence<UInt8>) -> Int {
        update { $0.enqueue(bytes) }
    }

    /// Free space in the receive buffer, in bytes.
    public var availableInputSpace: Int {
        state.withLock { $0.receive.freeSpace }
    }

    /// Runs `body` under the lock, then drives the interrupt line if its level changed.
    private func update<Result: Sendable>(_ body: (inout Serial8250State) -> Result) -> Result {
        state.withLock { state in
            let result = body(&state)
            let level = state.interruptLineLevel
            if level != state.signalledLevel {
                state.signalledLevel = level
                interrupt.setLevel(level)
            }
            return result
        }
    }

    private func fillAllOnes(_ data: UnsafeMutableRawBufferPointer) {
        for index in data.indices { data[index] = 0xFF }
    }
}
