import Testing
import VesselDevices

@Suite struct I8042ControllerTests {
    let data: UInt16 = 0      // port 0x60
    let command: UInt16 = 4   // port 0x64
    let outputFull: UInt8 = 0x01, auxData: UInt8 = 0x20, notInhibited: UInt8 = 0x10

    let line = RecordingInterruptLine()
    let resets = CallCounter()

    func makeController() -> I8042Controller {
        I8042Controller(keyboardInterrupt: line, reset: resets.callback)
    }

    var resetCount: Int { resets.count }

    /// What Linux's i8042_command does: write the command, then read each reply once OBF is set.
    func reply(to controllerCommand: UInt8, parameter: UInt8? = nil, on controller: I8042Controller) -> UInt8? {
        controller.writeByte(command, controllerCommand)
        if let parameter { controller.writeByte(data, parameter) }
        guard controller.readByte(command) & outputFull != 0 else { return nil }
        return controller.readByte(data)
    }

    @Test func idleStatusHasNoDataAndNoKeylock() {
        let controller = makeController()
        let status = controller.readByte(command)
        #expect(status & outputFull == 0)
        #expect(status & notInhibited != 0)                 // else Linux warns "Keylock active"
        #expect(status & 0x02 == 0)                         // input buffer never busy
    }

    @Test func answersLinuxProbeCommands() {
        let controller = makeController()
        #expect(reply(to: 0xAA, on: controller) == 0x55)    // controller self-test
        #expect(reply(to: 0xAB, on: controller) == 0x00)    // keyboard interface test
        #expect(reply(to: 0x20, on: controller) == 0x05)    // CTR: KBDINT | SYS, no translation
        #expect(reply(to: 0x20, on: controller) == 0x05)    // stable across reads
        #expect(controller.readByte(command) & outputFull == 0)
        #expect(line.history.isEmpty)                       // controller replies are polled
    }

    @Test func writesAndReadsTheConfigurationByte() {
        let controller = makeController()
        controller.writeByte(command, 0x60)
        #expect(controller.readByte(command) & 0x08 != 0)   // last write was a command
        controller.writeByte(data, 0x74)
        #expect(reply(to: 0x20, on: controller) == 0x74)
        controller.writeByte(command, 0xAE)                 // enable keyboard clears KBDDIS
        #expect(reply(to: 0x20, on: controller) == 0x64)
        controller.writeByte(command, 0xAD)
        #expect(reply(to: 0x20, on: controller) == 0x74)
        controller.writeByte(command, 0xA8)                 // enable aux clears AUXDIS
        #expect(reply(to: 0x20, on: controller) == 0x54)
        controller.writeByte(command, 0xA7)
        #expect(reply(to: 0x20, on: controller) == 0x74)
    }

    @Test func reportsNoAuxPortAsLinuxCheckAuxExpects() {
        let controller = makeController()
        // AUX loopback: the byte returns, but not flagged as aux data, so Linux sees "auxerr".
        controller.writeByte(command, 0xD3)
        controller.writeByte(data, 0x5A)
        let status = controller.readByte(command)
        #expect(status & outputFull != 0)
        #expect(status & auxData == 0)
        #expect(controller.readByte(data) == 0x5A)
        // AUX interface test: neither 0x00 nor 0xFA/0xFF, so Linux gives up on the port at once.
        let auxTest = reply(to: 0xA9, on: controller)
        #expect(auxTest != nil && auxTest != 0x00 && auxTest != 0xFA && auxTest != 0xFF)
    }

    @Test func keyboardIdentifiesItselfThroughIRQ1() {
        let controller = makeController()
        controller.writeByte(data, 0xF2)                    // ATKBD_CMD_GETID
        #expect(line.history == [true])
        #expect(controller.readByte(command) & (outputFull | auxData) == outputFull)
        #expect(controller.readByte(data) == 0xFA)
        #expect(line.history == [true, false, true])        // a fresh edge for the next byte
        #expect(controller.readByte(data) == 0xAB)
        #expect(controller.readByte(data) == 0x83)
        #expect(line.history == [true, false, true, false, true, false])
        #expect(controller.readByte(command) & outputFull == 0)
    }

    @Test func keyboardAcknowledgesCommandsAndParameters() {
        let controller = makeController()
        for byte: UInt8 in [0xED, 0x00, 0xF3, 0x20, 0xF4] {
            controller.writeByte(data, byte)
            #expect(controller.readByte(data) == 0xFA)
        }
        controller.writeByte(data, 0xF0)
        #expect(controller.readByte(data) == 0xFA)
        controller.writeByte(data, 0x00)                    // query the scan code set
        #expect(controller.readByte(data) == 0xFA)
        #expect(controller.readByte(data) == 0x02)
        controller.writeByte(data, 0xFF)                    // reset: ACK, then BAT passed
        #expect(controller.readByte(data) == 0xFA)
        #expect(controller.readByte(data) == 0xAA)
        controller.writeByte(data, 0xEE)
        #expect(controller.readByte(data) == 0xEE)
    }

    @Test func keyboardDataWaitsWhileTheInterfaceIsDisabledOrInterruptsAreOff() {
        let controller = makeController()
        controller.writeByte(command, 0x60)
        controller.writeByte(data, 0x14)                    // SYS | KBDDIS, KBDINT off
        controller.writeByte(data, 0xF4)
        #expect(controller.readByte(command) & outputFull == 0)
        #expect(line.history.isEmpty)
        controller.writeByte(command, 0xAE)                 // interface on, still no interrupt
        #expect(controller.readByte(command) & outputFull != 0)
        #expect(line.history.isEmpty)
        controller.writeByte(command, 0x60)
        controller.writeByte(data, 0x05)                    // KBDINT on
        #expect(line.history == [true])
        #expect(controller.readByte(data) == 0xFA)
        #expect(line.history == [true, false])
    }

    @Test func sendsCtrlAltDelAsScanCodeSet2() {
        let controller = makeController()
        #expect(controller.sendCtrlAltDel())
        #expect(line.isHigh)
        var received: [UInt8] = []
        while controller.readByte(command) & outputFull != 0 { received.append(controller.readByte(data)) }
        #expect(received == [0x14, 0x11, 0xE0, 0x71, 0xE0, 0xF0, 0x71, 0xF0, 0x11, 0xF0, 0x14])
        #expect(!line.isHigh)
    }

    @Test func sendsCtrlAltDelAsScanCodeSet1WhenTranslating() {
        let controller = makeController()
        controller.writeByte(command, 0x60)
        controller.writeByte(data, 0x45)                    // XLATE | SYS | KBDINT
        #expect(controller.sendCtrlAltDel())
        var received: [UInt8] = []
        while controller.readByte(command) & outputFull != 0 { received.append(controller.readByte(data)) }
        #expect(received == [0x1D, 0x38, 0xE0, 0x53, 0xE0, 0xD3, 0xB8, 0x9D])
    }

    @Test func refusesCtrlAltDelWhileTheKeyboardIsDisabledOrBusy() {
        let controller = makeController()
        controller.writeByte(data, 0xF5)
        _ = controller.readByte(data)
        #expect(!controller.sendCtrlAltDel())
        controller.writeByte(data, 0xF4)
        _ = controller.readByte(data)
        #expect(controller.sendCtrlAltDel())
        #expect(controller.sendCtrlAltDel())
        #expect(!controller.sendCtrlAltDel())               // unread keys fill the buffer
    }

    @Test func pulsingTheResetLineCallsResetOnce() {
        let controller = makeController()
        controller.writeByte(command, 0xFE)
        #expect(resetCount == 1)
        controller.writeByte(command, 0xFF)                 // pulses nothing
        controller.writeByte(command, 0xAA)
        controller.writeByte(data, 0xFE)                    // a keyboard byte, not a command
        #expect(resetCount == 1)
    }

    @Test func writingTheOutputPortWithResetLowResets() {
        let controller = makeController()
        #expect(reply(to: 0xD0, on: controller) == 0x03)
        controller.writeByte(command, 0xD1)
        controller.writeByte(data, 0x03)                    // reset line stays high
        #expect(resetCount == 0)
        controller.writeByte(command, 0xD1)
        controller.writeByte(data, 0x02)
        #expect(resetCount == 1)
    }

    @Test func commandRepliesComeBeforePendingKeys() {
        let controller = makeController()
        #expect(controller.sendCtrlAltDel())
        #expect(line.history == [true])
        #expect(reply(to: 0x20, on: controller) == 0x05)
        // The reply hid the key bytes while it was in the buffer.
        #expect(line.history == [true, false, true])
        #expect(controller.readByte(data) == 0x14)
    }
}
