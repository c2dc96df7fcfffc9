import VesselVirtio

/// What to boot and on how much machine. Validated before anything touches KVM.
public struct MachineConfiguration: Sendable {
    public static let defaultMemoryMiB: UInt64 = 256
    public static let defaultVCPUCount = 1
    public static let maximumVCPUCount = 32
    /// Below this a stock kernel cannot even decompress itself.
    public static let minimumMemoryMiB: UInt64 = 16
    public static let defaultCommandLine = "console=ttyS0 reboot=k panic=1 pci=off"

    public var kernelPath: String
    public var initrdPath: String?
    public var commandLine: String
    public var memoryMiB: UInt64
    public var vcpuCount: Int
    /// virtio devices in the order the guest enumerates them: the root disk first makes it /dev/vda.
    public var devices: [any VirtioDeviceSpecification]

    public init(
        kernelPath: String,
        initrdPath: String? = nil,
        commandLine: String = MachineConfiguration.defaultCommandLine,
        memoryMiB: UInt64 = MachineConfiguration.defaultMemoryMiB,
        vcpuCount: Int = MachineConfiguration.defaultVCPUCount,
        devices: [any VirtioDeviceSpecification] = []
    ) {
        self.kernelPath = kernelPath
        self.initrdPath = initrdPath
        self.commandLine = commandLine
        self.memoryMiB = memoryMiB
        self.vcpuCount = vcpuCount
        self.devices = devices
    }

    public var memoryBytes: UInt64 { memoryMiB * 1024 * 1024 }

    /// Checks the values that do not need the kernel file or KVM.
    /// `hostMemoryBytes` is the host's physical memory; a guest larger than that cannot be backed.
    public func validate(hostMemoryBytes: UInt64?) throws {
        guard (1...Self.maximumVCPUCount).contains(vcpuCount) else {
            throw VMMError.invalidConfiguration(
                "--cpus \(vcpuCount) is out of range: a microVM has 1 to \(Self.maximumVCPUCount) vCPUs")
        }
        guard memoryMiB >= Self.minimumMemoryMiB else {
            throw VMMError.invalidConfiguration(
                "--memory \(memoryMiB) MiB is too small: a Linux guest needs at least \(Self.minimumMemoryMiB) MiB")
        }
        let (bytes, overflow) = memoryMiB.multipliedReportingOverflow(by: 1024 * 1024)
        if overflow {
            throw VMMError.invalidConfiguration("--memory \(memoryMiB) MiB is larger than any host can give")
        }
        if let hostMemoryBytes, bytes > hostMemoryBytes {
            throw VMMError.invalidConfiguration(
                "--memory \(memoryMiB) MiB is more than this host has (\(hostMemoryBytes / (1024 * 1024)) MiB)")
        }
    }
}
