/// Register file and interrupt logic of a 16550A, without locking or side effects.
/// `Serial8250` owns one behind a mutex and performs the effects this reports.
struct Serial8250State: Sendable {
    // Register offsets (DLAB=0 unless noted).
    static let receiveOrTransmit: UInt16 = 0      // RBR / THR; DLL when DLAB=1
    static let interruptEnable: UInt16 = 1        // IER; DLM when DLAB=1
    static let interruptIdOrFifoControl: UInt16 = 2 // IIR (read) / FCR (write)
    static let lineControl: UInt16 = 3
    static let modemControl: UInt16 = 4
    static let lineStatus: UInt16 = 5
    static let modemStatus: UInt16 = 6
    static let scratch: UInt16 = 7

    static let ierReceivedData: UInt8 = 0x01
    static let ierTransmitterEmpty: UInt8 = 0x02
    static let ierLineStatus: UInt8 = 0x04
    static let ierModemStatus: UInt8 = 0x08

    static let iirNoInterrupt: UInt8 = 0x01
    static let iirLineStatus: UInt8 = 0x06
    static let iirReceivedData: UInt8 = 0x04
    static let iirTransmitterEmpty: UInt8 = 0x02
    static let iirModemStatus: UInt8 = 0x00
    static let iirFifosEnabled: UInt8 = 0xC0

    static let fcrEnableFifo: UInt8 = 0x01
    static let fcrClearReceive: UInt8 = 0x02

    static let lcrDivisorLatch: UInt8 = 0x80

    static let mcrDTR: UInt8 = 0x01
    static let mcrRTS: UInt8 = 0x02
    static let mcrOut1: UInt8 = 0x04
    static let mcrOut2: UInt8 = 0x08
    static let mcrLoop: UInt8 = 0x10

    static let lsrDataReady: UInt8 = 0x01
    static let lsrOverrun: UInt8 = 0x02
    static let lsrTransmitHoldingEmpty: UInt8 = 0x20
    static let lsrTransmitterEmpty: UInt8 = 0x40

    static let msrCTS: UInt8 = 0x10
    static let msrDSR: UInt8 = 0x20
    static let msrRI: UInt8 = 0x40
    static let msrDCD: UInt8 = 0x80
    static let msrDeltaCTS: UInt8 = 0x01
    static let msrDeltaDSR: UInt8 = 0x02
    static let msrTrailingEdgeRI: UInt8 = 0x04
    static let msrDeltaDCD: UInt8 = 0x08

    let interruptRequiresOut2: Bool

    var interruptEnable: UInt8 = 0
    var lineControl: UInt8 = 0x03
    var modemControl: UInt8 = 0
    var scratch: UInt8 = 0
    // 115200 / 12 = 9600 baud, the usual firmware default.
    var divisorLow: UInt8 = 0x0C
    var divisorHigh: UInt8 = 0
    var fifosEnabled = false
    /// THRE interrupt latched; cleared by reading IIR while it is the reported source, or by writing THR.
    var transmitterEmptyPending = false
    var overrun = false
    var modemStatusDeltas: UInt8 = 0
    var receive: ByteRing
    /// The host was refused input; tell it once the guest has drained enough.
    var hostWaitingForSpace = false
    /// The level last driven onto the interrupt line.
    var signalledLevel = false

    init(configuration: Serial8250Configuration) {
        interruptRequiresOut2 = configuration.interruptRequiresOut2
        receive = ByteRing(capacity: configuration.receiveCapacity)
    }

    var divisorLatchAccess: Bool { lineControl & Self.lcrDivisorLatch != 0 }
    var loopback: Bool { modemControl & Self.mcrLoop != 0 }

    /// The upper nibble of MSR: in loopback the MCR outputs feed the modem inputs; otherwise a
    /// ready peer is always attached (CTS, DSR, DCD).
    var modemInputs: UInt8 {
        guard loopback else { return Self.msrCTS | Self.msrDSR | Self.msrDCD }
        var lines: UInt8 = 0
        if modemControl & Self.mcrRTS != 0 { lines |= Self.msrCTS }
        if modemControl & Self.mcrDTR != 0 { lines |= Self.msrDSR }
        if modemControl & Self.mcrOut1 != 0 { lines |= Self.msrRI }
        if modemControl & Self.mcrOut2 != 0 { lines |= Self.msrDCD }
        return lines
    }

    /// The highest-priority enabled pending interrupt, as IIR bits 0-3.
    var pendingInterrupt: UInt8 {
        if interruptEnable & Self.ierLineStatus != 0, overrun { return Self.iirLineStatus }
        if interruptEnable & Self.ierReceivedData != 0, !receive.isEmpty { return Self.iirReceivedData }
        if interruptEnable & Self.ierTransmitterEmpty != 0, transmitterEmptyPending { return Self.iirTransmitterEmpty }
        if interruptEnable & Self.ierModemStatus != 0, modemStatusDeltas != 0 { return Self.iirModemStatus }
        return Self.iirNoInterrupt
    }

    /// The level of the IRQ pin as the interrupt controller sees it.
    var interruptLineLevel: Bool {
        guard pendingInterrupt != Self.iirNoInterrupt else { return false }
        guard interruptRequiresOut2 else { return true }
        return modemControl & Self.mcrOut2 != 0 && !loopback
    }

    var lineStatus: UInt8 {
        // Transmission is instantaneous, so the holding register and shifter are always empty.
        var status = Self.lsrTransmitHoldingEmpty | Self.lsrTransmitterEmpty
        if !receive.isEmpty { status |= Self.lsrDataReady }
        if overrun { status |= Self.lsrOverrun }
        return status
    }

    /// Returns the register value and whether the host should now be told there is input space.
    mutating func read(register: UInt16) -> (value: UInt8, receiveSpaceFreed: Bool) {
        switch register {
        case Self.receiveOrTransmit:
            if divisorLatchAccess { return (divisorLow, false) }
            let byte = receive.pop() ?? 0
            return (byte, takeSpaceNotification())
        case Self.interruptEnable:
            return (divisorLatchAccess ? divisorHigh : interruptEnable, false)
        case Self.interruptIdOrFifoControl:
            let identification = pendingInterrupt
            if identification == Self.iirTransmitterEmpty { transmitterEmptyPending = false }
            return (identification | (fifosEnabled ? Self.iirFifosEnabled : 0), false)
        case Self.lineControl:
            return (lineControl, false)
        case Self.modemControl:
            return (modemControl, false)
        case Self.lineStatus:
            let status = lineStatus
            overrun = false
            return (status, false)
        case Self.modemStatus:
            let status = modemInputs | modemStatusDeltas
            modemStatusDeltas = 0
            return (status, false)
        case Self.scratch:
            return (scratch, false)
        default:
            return (0xFF, false)
        }
    }

    /// Returns the byte to hand to the output sink, if the write transmitted one.
    mutating func write(register: UInt16, value: UInt8) -> (transmitted: UInt8?, receiveSpaceFreed: Bool) {
        switch register {
        case Self.receiveOrTransmit:
            if divisorLatchAccess {
                divisorLow = value
                return (nil, false)
            }
            // The byte leaves at once and THR is empty again: a fresh THRE interrupt.
            transmitterEmptyPending = true
            if loopback {
                if !receive.push(value) { overrun = true }
                return (nil, false)
            }
            return (value, false)
        case Self.interruptEnable:
            if divisorLatchAccess {
                divisorHigh = value
                return (nil, false)
            }
            let newValue = value & 0x0F
            let changed = interruptEnable ^ newValue
            interruptEnable = newValue
            // Enabling ETBEI while THR is empty raises THRE again, even if IIR was read since;
            // Linux's UART_BUG_THRE probe and Windows rely on this.
            if changed & Self.ierTransmitterEmpty != 0 {
                transmitterEmptyPending = newValue & Self.ierTransmitterEmpty != 0
            }
            return (nil, false)
        case Self.interruptIdOrFifoControl:
            let enable = value & Self.fcrEnableFifo != 0
            var freed = false
            // Toggling FIFO mode resets both FIFOs, as on a real 16550.
            if enable != fifosEnabled || value & Self.fcrClearReceive != 0 {
                receive.removeAll()
                freed = takeSpaceNotification()
            }
            fifosEnabled = enable
            return (nil, freed)
        case Self.lineControl:
            lineControl = value
            return (nil, false)
        case Self.modemControl:
            let before = modemInputs
            modemControl = value & 0x1F
            recordModemDeltas(from: before, to: modemInputs)
            return (nil, false)
        case Self.scratch:
            scratch = value
            return (nil, false)
        default:
            // LSR and MSR writes are factory-test only; ignore them.
            return (nil, false)
        }
    }

    /// Queues host bytes for the guest; returns how many fit.
    mutating func enqueue(_ bytes: some Sequence<UInt8>) -> Int {
        var accepted = 0
        var iterator = bytes.makeIterator()
        while !receive.isFull, let byte = iterator.next() {
            receive.push(byte)
            accepted += 1
        }
        if receive.isFull, iterator.next() != nil {
            hostWaitingForSpace = true
        }
        return accepted
    }

    private mutating func recordModemDeltas(from before: UInt8, to after: UInt8) {
        let changed = before ^ after
        if changed & Self.msrCTS != 0 { modemStatusDeltas |= Self.msrDeltaCTS }
        if changed & Self.msrDSR != 0 { modemStatusDeltas |= Self.msrDeltaDSR }
        if changed & Self.msrDCD != 0 { modemStatusDeltas |= Self.msrDeltaDCD }
        if before & Self.msrRI != 0, after & Self.msrRI == 0 { modemStatusDeltas |= Self.msrTrailingEdgeRI }
    }

    /// Reports (once) that a refused host may send again: at least half the buffer is free.
    private mutating func takeSpaceNotification() -> Bool {
        guard hostWaitingForSpace, receive.freeSpace * 2 >= receive.capacity else { return false }
        hostWaitingForSpace = false
        return true
    }
}
