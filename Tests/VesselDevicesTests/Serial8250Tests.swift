import Testing
import VesselDevices

@Suite struct Serial8250Tests {
    // Register offsets and bits, spelled as Linux's serial_reg.h does.
    let rx: UInt16 = 0, ier: UInt16 = 1, iir: UInt16 = 2, fcr: UInt16 = 2
    let lcr: UInt16 = 3, mcr: UInt16 = 4, lsr: UInt16 = 5, msr: UInt16 = 6, scr: UInt16 = 7
    let ierRDI: UInt8 = 0x01, ierTHRI: UInt8 = 0x02, ierMSI: UInt8 = 0x08
    let mcrDTR: UInt8 = 0x01, mcrRTS: UInt8 = 0x02, mcrOut2: UInt8 = 0x08, mcrLoop: UInt8 = 0x10

    let line = RecordingInterruptLine()
    let collector = ByteCollector()

    func makeUART(capacity: Int = 4096, requireOut2: Bool = true) -> Serial8250 {
        Serial8250(interrupt: line,
                   configuration: Serial8250Configuration(receiveCapacity: capacity,
                                                          interruptRequiresOut2: requireOut2),
                   output: collector.sink,
                   receiveSpaceAvailable: collector.notify)
    }

    @Test func resetStateLooksLikeAnIdle16550() {
        let uart = makeUART()
        #expect(uart.readByte(ier) == 0)
        #expect(uart.readByte(iir) == 0x01)                 // no interrupt, FIFOs off
        #expect(uart.readByte(lsr) == 0x60)                 // THRE | TEMT, no data
        #expect(uart.readByte(msr) == 0xB0)                 // CTS | DSR | DCD, no deltas
        #expect(uart.readByte(lcr) == 0x03)
        #expect(uart.readByte(mcr) == 0)
        #expect(line.history.isEmpty)
    }

    @Test func transmitsBytesToTheOutputSink() {
        let uart = makeUART()
        for byte in Array("hi\n".utf8) { uart.writeByte(rx, byte) }
        #expect(collector.bytes == Array("hi\n".utf8))
        #expect(uart.readByte(lsr) & 0x60 == 0x60)
    }

    @Test func divisorLatchSharesOffsetsZeroAndOne() {
        let uart = makeUART()
        uart.writeByte(ier, 0x05)
        uart.writeByte(lcr, 0x83)
        #expect(uart.readByte(rx) == 0x0C)                  // firmware default: 9600 baud
        uart.writeByte(rx, 0x01)                            // DLL: 115200 baud
        uart.writeByte(ier, 0x00)                           // DLM
        #expect(uart.readByte(rx) == 0x01)
        #expect(uart.readByte(ier) == 0x00)
        #expect(collector.bytes.isEmpty)                    // DLL writes are not data
        uart.writeByte(lcr, 0x03)
        #expect(uart.readByte(ier) == 0x05)                 // IER kept its own value
        uart.writeByte(lcr, 0x83)
        #expect(uart.readByte(rx) == 0x01)
    }

    @Test func scratchAndInterruptEnableRegistersBehaveAsLinuxProbesThem() {
        let uart = makeUART()
        uart.writeByte(scr, 0xA5)
        #expect(uart.readByte(scr) == 0xA5)
        // autoconfig: IER must read back 0 and 0x0F (only the low nibble exists).
        uart.writeByte(ier, 0)
        #expect(uart.readByte(ier) & 0x0F == 0)
        uart.writeByte(ier, 0xFF)
        #expect(uart.readByte(ier) == 0x0F)
        uart.writeByte(ier, 0)
    }

    @Test func passesLinuxAutoconfigAsA16550A() {
        let uart = makeUART()
        // Loopback test: MCR = LOOP | OUT2 | RTS must show CTS and DCD in MSR.
        let savedMCR = uart.readByte(mcr)
        uart.writeByte(mcr, mcrLoop | 0x0A)
        #expect(uart.readByte(msr) & 0xF0 == 0x90)
        uart.writeByte(mcr, savedMCR)
        // DTR and OUT1 loop to DSR and RI.
        uart.writeByte(mcr, mcrLoop | mcrDTR | 0x04)
        #expect(uart.readByte(msr) & 0xF0 == 0x60)
        uart.writeByte(mcr, 0)

        // FIFO detection: EFR probe at LCR 0xBF is an FCR write on a 16550, then enable FIFOs.
        uart.writeByte(lcr, 0xBF)
        uart.writeByte(2, 0)
        uart.writeByte(lcr, 0)
        uart.writeByte(fcr, 0x01)
        #expect(uart.readByte(iir) >> 6 == 3)
        // autoconfig_16550a: no EFR (reads non-zero at LCR 0x80 and 0xBF) ...
        uart.writeByte(lcr, 0x80)
        #expect(uart.readByte(2) != 0)
        uart.writeByte(lcr, 0xBF)
        #expect(uart.readByte(2) != 0)
        // ... and no 64-byte FIFO (16750 test reads IIR >> 5 == 7 with DLAB set).
        uart.writeByte(lcr, 0)
        uart.writeByte(fcr, 0x21)
        #expect(uart.readByte(iir) >> 5 == 6)
        uart.writeByte(lcr, 0x80)
        #expect(uart.readByte(iir) >> 5 == 6)
        uart.writeByte(lcr, 0x03)
        uart.writeByte(fcr, 0)
        #expect(uart.readByte(iir) & 0xC0 == 0)
    }

    @Test func loopbackRoutesTransmittedBytesToTheReceiver() {
        let uart = makeUART()
        uart.writeByte(mcr, mcrLoop)
        uart.writeByte(rx, 0x42)
        #expect(collector.bytes.isEmpty)
        #expect(uart.readByte(lsr) & 0x01 == 0x01)
        #expect(uart.readByte(rx) == 0x42)
        #expect(uart.readByte(lsr) & 0x01 == 0)
    }

    @Test func modemStatusDeltasTrackLoopbackChangesAndClearOnRead() {
        let uart = makeUART()
        uart.writeByte(mcr, mcrLoop)                        // CTS, DSR and DCD all drop
        #expect(uart.readByte(msr) == 0x0B)                 // DCTS | DDSR | DDCD
        #expect(uart.readByte(msr) == 0x00)
        uart.writeByte(mcr, mcrLoop | 0x04)                 // RI rises: no trailing edge yet
        #expect(uart.readByte(msr) == 0x40)
        uart.writeByte(mcr, mcrLoop)                        // RI falls: TERI
        #expect(uart.readByte(msr) == 0x04)
    }

    @Test func transmitterEmptyInterruptFollowsLinuxTHRETest() {
        let uart = makeUART()
        uart.writeByte(mcr, mcrOut2)
        // serial8250_do_startup: enable THRI, read IIR, disable, enable again, read IIR again.
        uart.writeByte(ier, ierTHRI)
        #expect(line.isHigh)
        let firstIIR = uart.readByte(iir)
        #expect(firstIIR == 0x02)
        #expect(!line.isHigh)                               // reading IIR cleared THRE-pending
        #expect(uart.readByte(iir) == 0x01)
        uart.writeByte(ier, 0)
        uart.writeByte(ier, ierTHRI)
        #expect(uart.readByte(iir) & 0x01 == 0)             // re-asserted: no UART_BUG_THRE
        uart.writeByte(ier, 0)
        #expect(line.history == [true, false, true, false])
    }

    @Test func writingTHRRaisesAFreshTransmitterEmptyInterrupt() {
        let uart = makeUART()
        uart.writeByte(mcr, mcrOut2)
        uart.writeByte(ier, ierTHRI)
        _ = uart.readByte(iir)
        #expect(!line.isHigh)
        uart.writeByte(rx, 0x41)
        #expect(line.isHigh)
        #expect(uart.readByte(iir) == 0x02)
        #expect(!line.isHigh)
        #expect(collector.bytes == [0x41])
    }

    @Test func interruptLineNeedsOut2AndIsOffInLoopback() {
        let uart = makeUART()
        uart.writeByte(ier, ierTHRI)
        #expect(uart.readByte(iir) == 0x02)                 // pending is visible regardless of OUT2
        uart.writeByte(ier, 0)
        uart.writeByte(ier, ierTHRI)
        #expect(line.history.isEmpty)                       // OUT2 clear: pin disconnected
        uart.writeByte(mcr, mcrOut2)
        #expect(line.history == [true])
        uart.writeByte(mcr, mcrOut2 | mcrLoop)
        #expect(line.history == [true, false])
        uart.writeByte(mcr, mcrOut2)
        #expect(line.history == [true, false, true])
    }

    @Test func interruptLineIgnoresOut2WhenConfiguredTo() {
        let uart = makeUART(requireOut2: false)
        uart.writeByte(ier, ierTHRI)
        #expect(line.history == [true])
    }

    @Test func receivedDataRaisesAndDrainingLowersTheLine() {
        let uart = makeUART()
        uart.writeByte(mcr, mcrOut2)
        uart.writeByte(ier, ierRDI)
        #expect(line.history.isEmpty)
        #expect(uart.enqueueInput(Array("ok".utf8)) == 2)
        #expect(line.history == [true])
        #expect(uart.readByte(iir) == 0x04)
        #expect(uart.readByte(lsr) & 0x01 == 0x01)
        #expect(uart.readByte(rx) == UInt8(ascii: "o"))
        #expect(line.isHigh)
        #expect(uart.readByte(rx) == UInt8(ascii: "k"))
        #expect(line.history == [true, false])
        #expect(uart.readByte(lsr) & 0x01 == 0)
        #expect(uart.readByte(iir) == 0x01)
    }

    @Test func receivedDataOutranksTransmitterEmpty() {
        let uart = makeUART()
        uart.writeByte(mcr, mcrOut2)
        uart.writeByte(ier, ierRDI | ierTHRI)
        uart.enqueueInput([0x31])
        #expect(uart.readByte(iir) == 0x04)
        #expect(uart.readByte(iir) == 0x04)                 // reading IIR does not clear RX
        _ = uart.readByte(rx)
        #expect(uart.readByte(iir) == 0x02)                 // THRE was not lost behind RX
        #expect(uart.readByte(iir) == 0x01)
        #expect(!line.isHigh)
    }

    @Test func modemStatusInterruptHasLowestPriority() {
        let uart = makeUART(requireOut2: false)
        uart.writeByte(ier, ierMSI)
        uart.writeByte(mcr, mcrLoop)
        #expect(uart.readByte(iir) == 0x00)
        #expect(line.isHigh)
        _ = uart.readByte(msr)
        #expect(uart.readByte(iir) == 0x01)
        #expect(!line.isHigh)
    }

    @Test func fifoControlClearsReceivedData() {
        let uart = makeUART()
        uart.writeByte(fcr, 0x01)
        uart.enqueueInput([1, 2, 3])
        uart.writeByte(fcr, 0x03)
        #expect(uart.readByte(lsr) & 0x01 == 0)
        #expect(uart.readByte(iir) == 0xC1)
        #expect(uart.availableInputSpace == 4096)
    }

    @Test func boundedInputAppliesBackPressureAndSignalsRoom() {
        let uart = makeUART(capacity: 16)
        let input = Array(0..<40).map(UInt8.init)
        #expect(uart.enqueueInput(input) == 16)
        #expect(uart.availableInputSpace == 0)
        #expect(uart.enqueueInput(input[16...]) == 0)
        for expected in 0..<7 { #expect(uart.readByte(rx) == UInt8(expected)) }
        #expect(collector.notificationCount == 0)           // 7 free: below half
        #expect(uart.readByte(rx) == 7)
        #expect(collector.notificationCount == 1)           // 8 of 16 free
        #expect(uart.enqueueInput(input[16...]) == 8)
        for expected in 8..<24 { #expect(uart.readByte(rx) == UInt8(expected)) }
        #expect(collector.notificationCount == 2)
        #expect(uart.readByte(lsr) & 0x01 == 0)
        // Nothing was refused since: draining does not notify again.
        uart.enqueueInput([1])
        _ = uart.readByte(rx)
        #expect(collector.notificationCount == 2)
    }

    @Test func largePasteFitsTheDefaultBuffer() {
        let uart = makeUART()
        let paste = [UInt8](repeating: UInt8(ascii: "x"), count: 3000)
        #expect(uart.enqueueInput(paste) == 3000)
        var received = 0
        while uart.readByte(lsr) & 0x01 != 0 {
            _ = uart.readByte(rx)
            received += 1
        }
        #expect(received == 3000)
    }

    @Test func overrunInLoopbackIsReportedOnce() {
        let uart = makeUART(capacity: 16)
        uart.writeByte(mcr, mcrLoop)
        for byte in 0..<17 { uart.writeByte(rx, UInt8(byte)) }
        #expect(uart.readByte(lsr) & 0x03 == 0x03)          // DR | OE
        #expect(uart.readByte(lsr) & 0x02 == 0)
    }

    @Test func wideAccessesDoNotReachRegisters() {
        let uart = makeUART()
        var wide: UInt16 = 0
        withUnsafeMutableBytes(of: &wide) { uart.read(offset: 0, into: $0) }
        #expect(wide == 0xFFFF)
        let word: UInt16 = 0x4142
        withUnsafeBytes(of: word) { uart.write(offset: 0, data: $0) }
        #expect(collector.bytes.isEmpty)
    }
}
