import Logging
import VesselBoot
import VesselDevices
import VesselKVM

/// The PC devices a stock Linux guest expects, wired to the VM's interrupt lines and to the machine's exit.
struct LegacyDevices {
    let serial: Serial8250
    let ioBus: IOBus

    /// What the ACPI tables must describe for these devices.
    static let acpiDescription = ACPITables.LegacyDevices(i8042: true, cmosRTC: true)

    init(virtualMachine: VirtualMachine, console: ConsoleOutput, coordinator: ExitCoordinator, logger: Logger) throws {
        serial = Serial8250(
            interrupt: KVMInterruptLine(virtualMachine: virtualMachine, gsi: Serial8250.com1Interrupt, logger: logger),
            output: { byte in withUnsafeBytes(of: byte) { console.write($0) } })
        let keyboard = I8042Controller(
            keyboardInterrupt: KVMInterruptLine(
                virtualMachine: virtualMachine, gsi: I8042Controller.keyboardInterruptNumber, logger: logger),
            reset: { coordinator.finish(.reboot(cause: "i8042 reset")) })
        let power = ACPIPowerDevice(
            powerOff: { coordinator.finish(.powerOff) },
            reset: { coordinator.finish(.reboot(cause: "ACPI reset register")) })

        var ports = IOBusBuilder()
        do {
            try ports.register(serial, base: Serial8250.com1Port, length: Serial8250.portCount)
            try ports.register(keyboard, base: I8042Controller.basePort, length: I8042Controller.portCount)
            try ports.register(power, base: ACPIPowerDevice.basePort, length: ACPIPowerDevice.portCount)
            try ports.register(CMOSClock(), base: CMOSClock.basePort, length: CMOSClock.portCount)
            let quiet = DiscardingPortDevice()
            for range in QuietPortRange.minimalPC {
                try ports.register(quiet, base: range.base, length: range.length)
            }
        } catch {
            throw VMMError.invalidConfiguration("device layout: \(error)")
        }
        ioBus = ports.build()
    }
}
