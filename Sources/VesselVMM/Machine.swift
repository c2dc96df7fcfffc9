import Logging
import VesselBoot
import VesselDevices
import VesselKVM
import VesselMemory
import VesselVirtio
#if canImport(Glibc)
import Glibc
#endif

/// A microVM: guest memory, vCPUs, an in-kernel irqchip and PIT, and the legacy devices a Linux guest needs.
/// Built completely (kernel loaded, registers set) before any vCPU thread starts.
public final class Machine {
    /// Where KVM's TSS and identity-map pages live; just below the 4 GiB boundary, outside RAM and device MMIO.
    static let tssAddress: UInt64 = 0xFFFB_D000
    static let identityMapAddress: UInt64 = 0xFFFB_C000

    public let configuration: MachineConfiguration
    let logger: Logger
    let system: KVMSystem
    let virtualMachine: VirtualMachine
    let memory: GuestMemory
    let vcpus: [VCPU]
    let devices: LegacyDevices
    let virtio: VirtioDevices
    let mmioBus: MMIOBus
    let coordinator: ExitCoordinator
    let console: ConsoleOutput

    /// `inputs` defaults to reading the configuration's files; the CLI loads them first to report bad input early.
    public init(
        configuration: MachineConfiguration, inputs: BootInputs? = nil, logger: Logger,
        consoleOutput: Int32 = STDOUT_FILENO
    ) throws {
        let inputs = try inputs ?? BootInputs.load(for: configuration)
        self.configuration = configuration
        self.logger = logger

        do {
            system = try KVMSystem()
            virtualMachine = try system.createVirtualMachine()
            try virtualMachine.setTSSAddress(Self.tssAddress)
            try virtualMachine.setIdentityMapAddress(Self.identityMapAddress)
            try virtualMachine.createInterruptController()
            try virtualMachine.createPIT()
        } catch {
            throw VMMError.kvmFailed("\(error)")
        }
        guard configuration.vcpuCount <= system.maximumVCPUCount else {
            throw VMMError.invalidConfiguration(
                "--cpus \(configuration.vcpuCount) is more than this host's KVM allows (\(system.maximumVCPUCount))")
        }

        do {
            memory = try GuestMemory(ranges: X86MemoryLayout.ramRanges(memorySize: configuration.memoryBytes))
        } catch {
            throw VMMError.invalidConfiguration("--memory \(configuration.memoryMiB) MiB: \(error)")
        }
        do {
            try virtualMachine.mapMemory(memory)
        } catch {
            throw VMMError.kvmFailed("\(error)")
        }

        let virtioDevices = try VirtioDevices(
            specifications: configuration.devices, memory: memory, virtualMachine: virtualMachine, logger: logger)
        virtio = virtioDevices
        do {
            var bus = MMIOBusBuilder()
            try virtioDevices.register(on: &bus)
            mmioBus = bus.build()

            let entry: BootEntry
            do {
                let indexes = configuration.devices.indices
                let parameters = configuration.devices.flatMap(\.kernelCommandLineAdditions)
                    + indexes.map(VirtioDeviceLayout.commandLineParameter)
                let bootConfiguration = BootConfiguration(
                    kernel: inputs.kernel, initrd: inputs.initrd,
                    commandLine: KernelCommandLine.inserting(parameters, into: configuration.commandLine),
                    vcpuCount: configuration.vcpuCount, memorySize: configuration.memoryBytes,
                    acpiDevices: try indexes.map(VirtioDeviceLayout.acpiDescription),
                    legacyDevices: LegacyDevices.acpiDescription)
                entry = try BootLoader.load(bootConfiguration, into: memory)
            } catch {
                throw VMMError.bootFailed("\(error)")
            }

            coordinator = try ExitCoordinator()
            console = ConsoleOutput(fileDescriptor: consoleOutput)
            devices = try LegacyDevices(
                virtualMachine: virtualMachine, console: console, coordinator: coordinator, logger: logger)
            vcpus = try Self.createVCPUs(
                virtualMachine: virtualMachine, system: system, count: configuration.vcpuCount, entry: entry)
        } catch {
            virtioDevices.shutdown()
            throw error
        }
    }

    deinit {
        virtio.shutdown()
    }

    private static func createVCPUs(virtualMachine: VirtualMachine, system: KVMSystem, count: Int,
                                    entry: BootEntry) throws -> [VCPU] {
        do {
            let supported = try system.supportedCPUID()
            let template = try CPUIDTemplate(vcpuCount: count)
            var created: [VCPU] = []
            for index in 0..<count {
                let vcpu = try virtualMachine.createVCPU(id: UInt32(index))
                try vcpu.setCPUID(template.entries(forVCPU: index, supported: supported))
                try vcpu.setBootMSRs()
                try vcpu.setDefaultFPU()
                try vcpu.configureLocalInterrupts()
                // Application processors wait for INIT/SIPI from the guest; only the boot processor gets the entry state.
                if index == 0 {
                    try vcpu.applyBootEntry(entry)
                }
                created.append(vcpu)
            }
            return created
        } catch {
            throw VMMError.kvmFailed("\(error)")
        }
    }
}
