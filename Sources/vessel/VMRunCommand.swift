import ArgumentParser
import Logging
import VesselKVM
import VesselVMM
import VesselVirtio
import VesselVirtioDevices
#if canImport(Glibc)
import Glibc
#endif

struct VMRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Boot a Linux kernel in a microVM, with its serial console on this terminal.",
        discussion: """
            The guest's ttyS0 is connected to stdin/stdout. The command exits 0 when the guest \
            powers off or reboots, 1 when the VM fails, 2 on invalid input, 3 when this host \
            cannot run VMs, and 128+N when stopped by signal N.
            """
    )

    @Option(help: "Linux kernel: a bzImage, or an ELF vmlinux with a PVH entry note.")
    var kernel: String

    @Option(help: "Initial ramdisk (initramfs) to load.")
    var initrd: String?

    @Option(help: "Kernel command line.")
    var cmdline: String = MachineConfiguration.defaultCommandLine

    @Option(help: "Guest memory in MiB.")
    var memory: UInt64 = MachineConfiguration.defaultMemoryMiB

    @Option(help: "Number of vCPUs (1-\(MachineConfiguration.maximumVCPUCount)).")
    var cpus: Int = MachineConfiguration.defaultVCPUCount

    @Option(help: ArgumentHelp(
        "Add a virtio-blk disk from a raw image file (repeatable): PATH[,ro][,id=NAME]; NAME is its 20-byte serial.",
        valueName: "disk"))
    var disk: [String] = []

    @Option(help: ArgumentHelp(
        "Boot from a raw image as /dev/vda (adds root=/dev/vda and ro or rw to the kernel command line): PATH[,ro].",
        valueName: "disk"))
    var rootDisk: String?

    @Option(name: .customLong("net"), help: ArgumentHelp(
        "Add a virtio-net device on a tap interface (repeatable); the tap is created, and removed on exit, if it does not exist.",
        valueName: "tap=NAME[,mac=MAC][,mtu=N][,id=ID]"))
    var networks: [String] = []

    @Option(help: ArgumentHelp(
        "Add a virtio-vsock device: guest context ID N (3 or more) and a Unix socket PATH that vessel creates.",
        discussion: "The host reaches guest port P by connecting to PATH and writing 'CONNECT P\\n'; a guest connection to port P goes to the Unix socket PATH_P.",
        valueName: "cid=N,uds=PATH"))
    var vsock: [String] = []

    @Flag(help: "Add a virtio-rng device that feeds the guest's /dev/hwrng from the host's getrandom.")
    var rng = false

    @Flag(help: "Run on a PVM host anyway: the kernel is built for PVM, or is a tiny test guest.")
    var allowPVM = false

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .warning

    func run() throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = logLevel
            return handler
        }
        let logger = Logger(label: "vessel.vm")
        let devices: [any VirtioDeviceSpecification]
        do {
            devices = try deviceSpecifications()
        } catch {
            throw CommandFailure(message: "\(error)", code: .invalidInput)
        }
        let configuration = MachineConfiguration(
            kernelPath: kernel, initrdPath: initrd, commandLine: cmdline, memoryMiB: memory, vcpuCount: cpus,
            devices: devices)
        let inputs: BootInputs
        do {
            inputs = try BootInputs.load(for: configuration)
        } catch {
            throw CommandFailure(message: "\(error)", code: .invalidInput)
        }

        switch KVMSystem.diagnoseHost() {
        case .usable:
            break
        case .pvmHost where allowPVM:
            logger.notice("PVM host: running because --allow-pvm was given")
        case let diagnosis:
            throw CommandFailure(message: diagnosis.message, code: .kvmUnavailable)
        }

        let exit: MachineExit
        do {
            let machine = try Machine(configuration: configuration, inputs: inputs, logger: logger)
            exit = try machine.run()
        } catch let error as VMMError {
            switch error {
            case .invalidConfiguration, .kernelUnavailable, .initrdUnavailable, .bootFailed:
                throw CommandFailure(message: "\(error)", code: .invalidInput)
            default:
                throw CommandFailure(message: "\(error)", code: .machineFailed)
            }
        }
        logger.info("\(exit)")
        switch exit {
        case .powerOff, .reboot, .halted:
            return
        case let .stoppedBySignal(signal):
            throw ExitCode(128 + signal)
        case let .failed(message):
            throw CommandFailure(message: message, code: .machineFailed)
        }
    }
}

extension VMRunCommand {
    /// The virtio devices in guest enumeration order: disks (the root disk first), networks, vsock, rng.
    func deviceSpecifications() throws -> [any VirtioDeviceSpecification] {
        var devices: [any VirtioDeviceSpecification] = []
        try devices.append(contentsOf: diskSpecifications())
        devices += try networks.map(NetworkDeviceSpecification.init(parsing:))
        guard vsock.count <= 1 else {
            throw VirtioError.invalidConfiguration("--vsock is given \(vsock.count) times: a microVM has one vsock device")
        }
        for value in vsock { devices.append(try VsockDeviceSpecification(parsing: value)) }
        if rng { devices.append(EntropyDeviceSpecification()) }
        return devices
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
