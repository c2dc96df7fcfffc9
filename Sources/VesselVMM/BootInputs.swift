import VesselBoot

/// The kernel and initrd a machine boots, read and parsed before any KVM object exists,
/// so bad input is reported before the host is even asked for a VM.
public struct BootInputs: Sendable {
    public let kernel: KernelImage
    /// Read straight into guest memory by the boot loader, so a large initrd is copied once.
    public let initrd: InitialRamdisk?

    public init(kernel: KernelImage, initrd: InitialRamdisk?) {
        self.kernel = kernel
        self.initrd = initrd
    }

    public static func load(for configuration: MachineConfiguration) throws -> BootInputs {
        try configuration.validate(hostMemoryBytes: HostMemory.totalBytes())
        let kernel: KernelImage
        do {
            kernel = try KernelImage.load(path: configuration.kernelPath)
        } catch {
            throw VMMError.kernelUnavailable(path: configuration.kernelPath, reason: "\(error)")
        }
        guard let initrdPath = configuration.initrdPath else {
            return BootInputs(kernel: kernel, initrd: nil)
        }
        let initrdSize: UInt64
        do {
            initrdSize = try InitialRamdisk.fileSize(path: initrdPath)
        } catch {
            throw VMMError.initrdUnavailable(path: initrdPath, reason: "\(error)")
        }
        if initrdSize >= configuration.memoryBytes {
            throw VMMError.initrdUnavailable(
                path: initrdPath,
                reason: "\(initrdSize / 1024) KiB does not fit in \(configuration.memoryMiB) MiB of guest memory")
        }
        return BootInputs(kernel: kernel, initrd: .path(initrdPath))
    }
}
