import VesselBoot

/// The kernel and initrd a machine boots, read and parsed before any KVM object exists,
/// so bad input is reported before the host is even asked for a VM.
public struct BootInputs: Sendable {
    public let kernel: KernelImage
    public let initrd: [UInt8]?

    public init(kernel: KernelImage, initrd: [UInt8]?) {
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
        let initrd = try configuration.initrdPath.map { path in
            do {
                return try HostFile.readAll(path: path)
            } catch {
                throw VMMError.initrdUnavailable(path: path, reason: "\(error)")
            }
        }
        if let initrd, UInt64(initrd.count) >= configuration.memoryBytes {
            throw VMMError.initrdUnavailable(
                path: configuration.initrdPath ?? "",
                reason: "\(initrd.count / 1024) KiB does not fit in \(configuration.memoryMiB) MiB of guest memory")
        }
        return BootInputs(kernel: kernel, initrd: initrd)
    }
}
