/// Register logic of an i8042 keyboard controller with a minimal PS/2 keyboard and no mouse,
/// without locking or side effects. `I8042Controller` owns one behind a mutex.
struct I8042State: Sendable {
    static let dataPort: UInt16 = 0          // 0x60
    static let commandPort: UInt16 = 4       // 0x64: status on read, command on write

    static let statusOutputFull: UInt8 = 0x01
    static let statusSystemFlag: UInt8 = 0x04
    static let statusLastWriteWasCommand: UInt8 = 0x08
    static let statusNotInhibited: UInt8 = 0x10

    static let ctrKeyboardInterrupt: UInt8 = 0x01
    static let ctrSystemFlag: UInt8 = 0x04
    static let ctrKeyboardDisabled: UInt8 = 0x10
    static let ctrAuxDisabled: UInt8 = 0x20
    static let ctrTranslate: UInt8 = 0x40

    static let outputPortReset: UInt8 = 0x01   // active low: 0 holds the CPU in reset
    static let outputPortA20: UInt8 = 0x02

    static let keyboardAck: UInt8 = 0xFA
    static let keyboardQueueCapacity = 32

    /// Byte 0 is the controller configuration byte (CTR); the rest is scratch RAM.
    var ram = [UInt8](repeating: 0, count: 32)
    var outputPort: UInt8 = outputPortReset | outputPortA20
    var lastWriteWasCommand = false
    /// A controller command waiting for its parameter on the data port.
    var commandAwaitingParameter: UInt8?
    /// A keyboard command (0xED, 0xF0, 0xF3) waiting for its parameter.
    var keyboardCommandAwaitingParameter: UInt8?
    var keyboardScanning = true
    /// Replies to controller commands; they take precedence over keyboard data.
    var controllerOutput = ByteRing(capacity: 4)
    var keyboardOutput = ByteRing(capacity: keyboardQueueCapacity)
    var lastOutputByte: UInt8 = 0
    /// The guest just consumed a keyboard byte: the IRQ must fall before it may rise again.
    var needsFallingEdge = false
    var signalledLevel = false

    init() {
        ram[0] = Self.ctrKeyboardInterrupt | Self.ctrSystemFlag
    }

    var configuration: UInt8 {
        get { ram[0] }
        set { ram[0] = newValue }
    }

    private var keyboardInterfaceEnabled: Bool { configuration & Self.ctrKeyboardDisabled == 0 }
    private var keyboardDataVisible: Bool { keyboardInterfaceEnabled && !keyboardOutput.isEmpty }

    var status: UInt8 {
        var status = Self.statusNotInhibited
        if !controllerOutput.isEmpty || keyboardDataVisible { status |= Self.statusOutputFull }
        if configuration & Self.ctrSystemFlag != 0 { status |= Self.statusSystemFlag }
        if lastWriteWasCommand { status |= Self.statusLastWriteWasCommand }
        return status
    }

    /// IRQ 1: keyboard data waiting in the output buffer and the keyboard interrupt enabled.
    /// Controller replies are read by polling and do not interrupt.
    var interruptLineLevel: Bool {
        configuration & Self.ctrKeyboardInterrupt != 0 && controllerOutput.isEmpty && keyboardDataVisible
    }

    mutating func read(port: UInt16) -> UInt8 {
        switch port {
        case Self.dataPort:
            if let byte = controllerOutput.pop() {
                lastOutputByte = byte
            } else if keyboardInterfaceEnabled, let byte = keyboardOutput.pop() {
                lastOutputByte = byte
                needsFallingEdge = true
            }
            // An empty buffer reads back the last byte, as the real latch does.
            return lastOutputByte
        case Self.commandPort:
            return status
        default:
            return 0xFF
        }
    }

    /// Returns true when the write asked for a CPU reset.
    mutating func write(port: UInt16, value: UInt8) -> Bool {
        switch port {
        case Self.commandPort:
            lastWriteWasCommand = true
            return controllerCommand(value)
        case Self.dataPort:
            lastWriteWasCommand = false
            if let command = commandAwaitingParameter {
                commandAwaitingParameter = nil
                return controllerParameter(value, for: command)
            }
            keyboardByte(value)
            return false
        default:
            return false
        }
    }

    /// Queues Ctrl+Alt+Del pressed and released; false if the keyboard is off or the queue is full.
    mutating func queueCtrlAltDel() -> Bool {
        let translated = configuration & Self.ctrTranslate != 0
        // Scan code set 1 when the controller translates, set 2 otherwise.
        let sequence: [UInt8] = translated
            ? [0x1D, 0x38, 0xE0, 0x53, 0xE0, 0xD3, 0xB8, 0x9D]
            : [0x14, 0x11, 0xE0, 0x71, 0xE0, 0xF0, 0x71, 0xF0, 0x11, 0xF0, 0x14]
        guard keyboardScanning, keyboardOutput.freeSpace >= sequence.count else { return false }
        for byte in sequence { keyboardOutput.push(byte) }
        return true
    }

    private mutating func reply(_ byte: UInt8) {
        controllerOutput.removeAll()
        controllerOutput.push(byte)
    }

    private mutating func controllerCommand(_ command: UInt8) -> Bool {
        commandAwaitingParameter = nil
        switch command {
        case 0x20...0x3F:                       // read controller RAM; 0x20 reads the CTR
            reply(ram[Int(command & 0x1F)])
        case 0x60...0x7F, 0xD1, 0xD2, 0xD3, 0xD4: // parameter follows on the data port
            commandAwaitingParameter = command
        case 0xA4:                              // password installed? no
            reply(0xF1)
        case 0xA7:
            configuration |= Self.ctrAuxDisabled
        case 0xA8:
            configuration &= ~Self.ctrAuxDisabled
        case 0xA9:                              // aux interface test: nothing attached, clock stuck high
            reply(0x02)
        case 0xAA:                              // controller self-test passed
            configuration |= Self.ctrSystemFlag
            reply(0x55)
        case 0xAB:                              // keyboard interface test passed
            reply(0x00)
        case 0xAD:
            configuration |= Self.ctrKeyboardDisabled
        case 0xAE:
            configuration &= ~Self.ctrKeyboardDisabled
        case 0xC0:                              // input port: keyboard not inhibited
            reply(0x80)
        case 0xD0:
            reply(outputPort)
        case 0xE0:                              // test inputs: clock and data low
            reply(0x00)
        case 0xF0...0xFF:                       // pulse the output lines whose bit is 0
            return command & Self.outputPortReset == 0
        default:
            break
        }
        return false
    }

    private mutating func controllerParameter(_ value: UInt8, for command: UInt8) -> Bool {
        switch command {
        case 0x60...0x7F:
            ram[Int(command & 0x1F)] = value
        case 0xD1:
            outputPort = value
            return value & Self.outputPortReset == 0
        case 0xD2:                              // as if the keyboard had sent it
            keyboardOutput.push(value)
        case 0xD3:
            // No aux (mouse) channel: the loopback byte returns on the keyboard channel, which
            // tells Linux's i8042_check_aux at once that there is no usable AUX port.
            reply(value)
        default:                                // 0xD4: bytes for the absent mouse are dropped
            break
        }
        return false
    }

    private mutating func keyboardByte(_ value: UInt8) {
        // A PS/2 keyboard discards pending scan codes when it receives a command.
        keyboardOutput.removeAll()
        if let command = keyboardCommandAwaitingParameter {
            keyboardCommandAwaitingParameter = nil
            keyboardOutput.push(Self.keyboardAck)
            if command == 0xF0, value == 0 { keyboardOutput.push(0x02) } // current scan code set
            return
        }
        switch value {
        case 0xED, 0xF0, 0xF3:                  // LEDs, scan code set, typematic: parameter follows
            keyboardCommandAwaitingParameter = value
            keyboardOutput.push(Self.keyboardAck)
        case 0xEE:                              // echo
            keyboardOutput.push(0xEE)
        case 0xF2:                              // identify: MF2 keyboard
            keyboardOutput.push(Self.keyboardAck)
            keyboardOutput.push(0xAB)
            keyboardOutput.push(0x83)
        case 0xF4:
            keyboardScanning = true
            keyboardOutput.push(Self.keyboardAck)
        case 0xF5:
            keyboardScanning = false
            keyboardOutput.push(Self.keyboardAck)
        case 0xF6:
            keyboardScanning = true
            keyboardOutput.push(Self.keyboardAck)
        case 0xFF:                              // reset: ACK, then self-test passed
            keyboardScanning = true
            keyboardOutput.push(Self.keyboardAck)
            keyboardOutput.push(0xAA)
        default:
            keyboardOutput.push(Self.keyboardAck)
        }
    }
}
