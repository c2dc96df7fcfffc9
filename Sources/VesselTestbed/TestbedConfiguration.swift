/// Everything a `Testbed` needs to boot the L2 host (QEMU TCG with kvm-amd) and run scenarios in it.
public struct TestbedConfiguration: Sendable {
    /// Directory made by `scripts/fetch-guest-assets`: vmlinuz, vmlinux, initrd.cpio.gz, modules/.
    public var assetsDirectory: String
    /// The `vessel` binary under test; copied to /usr/local/bin/vessel in L2 with the libraries ldd lists.
    public var vesselBinary: String?
    /// Copy qemu-system-x86_64, its libraries and the microvm firmware into L2 (for peer runs).
    public var includeQEMU: Bool
    /// Copy the 50 MB ELF vmlinux into L2 (only PVH-entry scenarios need it).
    public var includeVmlinux: Bool
    /// The QEMU that runs L2 on the host; also the one copied into L2.
    public var qemuBinary: String
    public var qemuDataDirectory: String
    public var l2MemoryMiB: Int
    public var l2KernelCommandLine: String
    /// The host kills a session whose heartbeat (second serial port) stays silent this long.
    public var heartbeatTimeoutSeconds: Int
    public var heartbeatIntervalSeconds: Int
    /// Limit for L2 to boot to its first heartbeat (loading a large initramfs under TCG takes a while).
    public var firstHeartbeatTimeoutSeconds: Int
    /// Sessions per scenario at most: the first one plus re-runs after a frozen or crashed L2.
    public var maxAttempts: Int
    /// Extra host files to place in L2, keyed by their absolute path inside L2.
    public var extraFiles: [String: String]
    /// Connect the L2 console to this process's stdin and give scenarios the console as stdin.
    public var interactiveConsole: Bool
    /// Where session files go; a fresh temporary directory when nil.
    public var workDirectory: String?
    public var keepWorkDirectory: Bool
    /// Checked while L2 runs; see `TestbedCancellation`.
    public var cancellation: TestbedCancellation?
    /// Called on the reader thread for every console line of a scenario, as it arrives.
    public var onScenarioOutput: (@Sendable (_ scenario: String, _ line: String) -> Void)?
    /// Called with one-line progress messages (session start and end, retries).
    public var onProgress: (@Sendable (String) -> Void)?

    public init(assetsDirectory: String,
                vesselBinary: String? = nil,
                includeQEMU: Bool = true,
                includeVmlinux: Bool = true,
                qemuBinary: String = "/usr/bin/qemu-system-x86_64",
                qemuDataDirectory: String = "/usr/share/qemu",
                l2MemoryMiB: Int = 2048,
                l2KernelCommandLine: String = "console=ttyS0 quiet panic=-1 softlockup_panic=1",
                heartbeatTimeoutSeconds: Int = 60,
                heartbeatIntervalSeconds: Int = 5,
                firstHeartbeatTimeoutSeconds: Int = 180,
                maxAttempts: Int = 3,
                extraFiles: [String: String] = [:],
                interactiveConsole: Bool = false,
                workDirectory: String? = nil,
                keepWorkDirectory: Bool = false,
                cancellation: TestbedCancellation? = nil,
                onScenarioOutput: (@Sendable (_ scenario: String, _ line: String) -> Void)? = nil,
                onProgress: (@Sendable (String) -> Void)? = nil) {
        self.assetsDirectory = assetsDirectory
        self.vesselBinary = vesselBinary
        self.includeQEMU = includeQEMU
        self.includeVmlinux = includeVmlinux
        self.qemuBinary = qemuBinary
        self.qemuDataDirectory = qemuDataDirectory
        self.l2MemoryMiB = l2MemoryMiB
        self.l2KernelCommandLine = l2KernelCommandLine
        self.heartbeatTimeoutSeconds = heartbeatTimeoutSeconds
        self.heartbeatIntervalSeconds = heartbeatIntervalSeconds
        self.firstHeartbeatTimeoutSeconds = firstHeartbeatTimeoutSeconds
        self.maxAttempts = maxAttempts
        self.extraFiles = extraFiles
        self.interactiveConsole = interactiveConsole
        self.workDirectory = workDirectory
        self.keepWorkDirectory = keepWorkDirectory
        self.cancellation = cancellation
        self.onScenarioOutput = onScenarioOutput
        self.onProgress = onProgress
    }
}
