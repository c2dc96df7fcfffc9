/// Everything the boot loader needs to lay out a guest.
public struct BootConfiguration: Sendable {
    public var kernel: KernelImage
    public var initrd: InitialRamdisk?
    public var commandLine: String
    public var vcpuCount: Int
    /// Guest RAM in bytes; the memory passed to the loader must cover `X86MemoryLayout.ramRanges(memorySize:)`.
    public var memorySize: UInt64
    /// Devices to declare in the DSDT (virtio-mmio).
    public var acpiDevices: [ACPIDeviceDescription]
    public var legacyDevices: ACPITables.LegacyDevices

    public init(kernel: KernelImage, initrd: InitialRamdisk? = nil, commandLine: String, vcpuCount: Int,
                memorySize: UInt64, acpiDevices: [ACPIDeviceDescription] = [],
                legacyDevices: ACPITables.LegacyDevices = ACPITables.LegacyDevices()) {
        self.kernel = kernel
        self.initrd = initrd
        self.commandLine = commandLine
        self.vcpuCount = vcpuCount
        self.memorySize = memorySize
        self.acpiDevices = acpiDevices
        self.legacyDevices = legacyDevices
    }
}
