import Dispatch
import Testing
import VesselDevices

/// Several "vCPU" threads and one "input" thread hammer the bus and the UART at once.
/// Bounded: a few thousand accesses per thread.
@Suite struct ConcurrencyTests {
    @Test func uartAndBusSurviveConcurrentAccess() throws {
        let line = RecordingInterruptLine()
        let output = ByteCollector()
        let uart = Serial8250(interrupt: line,
                              configuration: Serial8250Configuration(receiveCapacity: 256),
                              output: output.sink,
                              receiveSpaceAvailable: output.notify)
        let clock = CMOSClock()
        var builder = IOBusBuilder()
        try builder.register(uart, base: Serial8250.com1Port, length: Serial8250.portCount)
        try builder.register(clock, base: CMOSClock.basePort, length: CMOSClock.portCount)
        try builder.register(DiscardingPortDevice(), base: 0x80, length: 1)
        let bus = builder.build()
        bus.writeBytes(0x3FC, [0x08])                       // OUT2

        let vcpuCount = 4
        let iterations = 3000
        let inputChunks = 200
        let accepted = AtomicCounter()
        let received = AtomicCounter()

        DispatchQueue.concurrentPerform(iterations: vcpuCount + 1) { worker in
            if worker == vcpuCount {
                for chunk in 0..<inputChunks {
                    // Never 0: an empty receiver reads 0, so a racing reader can tell.
                    let bytes = [UInt8](repeating: UInt8(chunk % 255 + 1), count: 16)
                    accepted.add(uart.enqueueInput(bytes))
                }
                return
            }
            for step in 0..<iterations {
                bus.writeBytes(0x3F8, [UInt8(truncatingIfNeeded: worker)])   // THR
                bus.writeBytes(0x3F9, [UInt8(step & 0x03)])                  // IER: RDI/THRI toggling
                _ = bus.readBytes(0x3FA, count: 1)                            // IIR
                if let status = bus.readBytes(0x3FD, count: 1), status[0] & 0x01 != 0,
                   let byte = bus.readBytes(0x3F8, count: 1), byte != [0] {
                    received.add(1)
                }
                bus.writeBytes(0x70, [0x00])
                _ = bus.readBytes(0x71, count: 1)
                bus.writeBytes(0x80, [0x00])
                #expect(bus.readBytes(0x3FF, count: 2) == nil)   // straddles the UART's end
            }
        }

        // Every THR write reached the sink exactly once, none lost or duplicated.
        let transmitted = output.bytes
        #expect(transmitted.count == vcpuCount * iterations)
        for worker in 0..<vcpuCount {
            #expect(transmitted.filter { $0 == UInt8(worker) }.count == iterations)
        }
        // Drain what is left: accepted input is conserved.
        var remaining = 0
        while uart.readByte(5) & 0x01 != 0 {
            _ = uart.readByte(0)
            remaining += 1
        }
        #expect(received.value + remaining == accepted.value)
        // The line is only ever driven on changes, so the record alternates.
        let history = line.history
        #expect(zip(history, history.dropFirst()).allSatisfy { $0 != $1 })
    }
}
