import Logging
import VesselDevices
import VesselKVM

/// An ISA interrupt input of the in-kernel PIC/IOAPIC, driven with KVM_IRQ_LINE.
struct KVMInterruptLine: InterruptLine {
    let virtualMachine: VirtualMachine
    let gsi: UInt32
    let logger: Logger

    func setLevel(_ high: Bool) {
        do {
            try virtualMachine.setInterruptLine(gsi, high: high)
        } catch {
            // The irqchip exists for the VM's lifetime, so this only fails if KVM itself is broken.
            logger.error("interrupt line \(gsi): \(error)")
        }
    }
}
