/// An interrupt input of the guest's interrupt controller, as a device sees it.
/// The VMM backs it with KVM_IRQ_LINE or an irqfd; tests back it with a recorder.
///
/// Devices drive the line's *level* and call `setLevel` only when it changes, often while holding
/// their own lock so that transitions from concurrent vCPUs stay ordered. An implementation must
/// therefore be quick and must not call back into the device. For an edge-triggered ISA line
/// (the UART's IRQ 4, the keyboard's IRQ 1) an irqfd-backed implementation may signal on `true`
/// and ignore `false`: devices always lower the line before raising it again for a new event.
public protocol InterruptLine: Sendable {
    /// Raises (true) or lowers (false) the line.
    func setLevel(_ high: Bool)
}
