import Testing
import VesselDevices

/// A hostile guest may write anything anywhere: devices must answer, never trap.
/// Bounded, seeded random access streams against every legacy device.
@Suite struct GuestGarbageTests {
    func hammer(_ device: any PortIODevice, ports: Int, seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var buffer = [UInt8](repeating: 0, count: 4)
        for _ in 0..<20_000 {
            let size = [1, 1, 1, 2, 4].randomElement(using: &random) ?? 1
            // Mostly in range, sometimes beyond it (devices may be called directly).
            let offset = UInt16(Int.random(in: 0..<(ports + 2), using: &random))
            if Bool.random(using: &random) {
                buffer.withUnsafeMutableBytes { bytes in
                    let slice = UnsafeMutableRawBufferPointer(rebasing: bytes[0..<size])
                    device.read(offset: offset, into: slice)
                }
            } else {
                for index in 0..<size { buffer[index] = UInt8.random(in: 0...255, using: &random) }
                buffer.withUnsafeBytes { bytes in
                    device.write(offset: offset, data: UnsafeRawBufferPointer(rebasing: bytes[0..<size]))
                }
            }
        }
    }

    @Test func uartSurvivesRandomAccesses() {
        let output = ByteCollector()
        let uart = Serial8250(interrupt: RecordingInterruptLine(),
                              configuration: Serial8250Configuration(receiveCapacity: 32),
                              output: output.sink)
        uart.enqueueInput([UInt8](repeating: 0x41, count: 64))
        hammer(uart, ports: Serial8250.portCount, seed: 1)
        // Back to a sane configuration, the UART still transmits.
        uart.writeByte(3, 0x03)
        uart.writeByte(4, 0x00)
        uart.writeByte(0, 0x5A)
        #expect(output.bytes.last == 0x5A)
    }

    @Test func i8042SurvivesRandomAccesses() {
        let resets = CallCounter()
        let controller = I8042Controller(keyboardInterrupt: RecordingInterruptLine(), reset: resets.callback)
        hammer(controller, ports: I8042Controller.portCount, seed: 2)
        #expect(resets.count > 0)       // random 0xF0-0xFE commands pulse reset sooner or later
    }

    @Test func cmosSurvivesRandomAccesses() {
        let clock = CMOSClock()
        hammer(clock, ports: CMOSClock.portCount, seed: 3)
        // Whatever the guest did, reads keep working and the index is still 7 bits.
        clock.writeByte(0, 0xFF)
        #expect(clock.readByte(0) == 0x7F)
    }

    @Test func acpiSurvivesRandomAccesses() {
        let powerOffs = CallCounter()
        let device = ACPIPowerDevice(powerOff: powerOffs.callback, reset: {})
        hammer(device, ports: ACPIPowerDevice.portCount, seed: 4)
        let before = powerOffs.count
        device.writeByte(0, 0x34)       // SLP_EN | SLP_TYP 5
        #expect(powerOffs.count == before + 1)
        let quiet = DiscardingPortDevice()
        hammer(quiet, ports: 8, seed: 5)
        #expect(quiet.readByte(3) == 0xFF)
    }
}
