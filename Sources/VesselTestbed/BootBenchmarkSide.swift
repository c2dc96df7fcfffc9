/// One VMM in the boot benchmark: a label and the shell command (run inside L2) that boots the guest.
public struct BootBenchmarkSide: Sendable, Hashable {
    public var label: String
    public var command: String

    public init(label: String, command: String) {
        self.label = label
        self.command = command
    }

    static let guestCommandLine = "console=ttyS0 quiet -- true"

    /// `vessel vm run` booting the assets' bzImage and initramfs with 1 vCPU and 256 MiB.
    public static let vessel = BootBenchmarkSide(
        label: "vessel",
        command: #"vessel vm run --kernel "$VMLINUZ" --initrd "$INITRD" --cpus 1 --memory 256 --cmdline "# +
            ShellQuoting.quote(guestCommandLine))

    /// QEMU's microvm machine with the same kernel, initramfs, memory and command line.
    public static func qemuMicrovm(label: String = "qemu") -> BootBenchmarkSide {
        BootBenchmarkSide(
            label: label,
            command: #""$QEMU" -M microvm -enable-kvm -cpu host -m 256 -nodefaults -no-user-config -nographic "# +
                #"-serial stdio -no-reboot -kernel "$VMLINUZ" -initrd "$INITRD" -append "# +
                ShellQuoting.quote(guestCommandLine))
    }
}
