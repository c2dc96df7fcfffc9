/// How a machine's run ended.
public enum MachineExit: Sendable, Equatable, CustomStringConvertible {
    /// The guest powered off through the ACPI sleep control register.
    case powerOff
    /// The guest rebooted (i8042 reset, ACPI reset register, triple fault or a KVM reset event).
    case reboot(cause: String)
    /// Every vCPU halted with nothing left to wake it (only without an in-kernel irqchip).
    case halted
    /// The host asked the VMM to stop (SIGINT, SIGTERM, SIGHUP).
    case stoppedBySignal(Int32)
    /// KVM or the guest did something Vessel cannot continue from; the text names the exit and guest RIP.
    case failed(String)

    public var description: String {
        switch self {
        case .powerOff: return "guest powered off"
        case let .reboot(cause): return "guest rebooted (\(cause))"
        case .halted: return "guest halted"
        case let .stoppedBySignal(signal): return "stopped by signal \(signal)"
        case let .failed(message): return message
        }
    }
}
