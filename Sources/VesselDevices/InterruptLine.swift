/// An interrupt input of the guest's interrupt controller, as a device sees it.
/// The VMM backs it with KVM_IRQ_LINE or an irqfd; tests back it with a recorder.
public protocol InterruptLine: Sendable {
    /// Raises (true) or lowers (false) the line.
    func setLevel(_ high: Bool)
}
