import ArgumentParser

/// Exit codes a script can tell apart. 128+N means "stopped by signal N", as shells report it.
extension ExitCode {
    /// The guest or KVM failed while running.
    static let machineFailed = ExitCode(1)
    /// The command line, kernel, initrd or configuration was invalid.
    static let invalidInput = ExitCode(2)
    /// This host cannot run the VM: no /dev/kvm, no permission, or a PVM host.
    static let kvmUnavailable = ExitCode(3)
}
