internal import CVesselSys
import Glibc
import VesselOCISpec
import VesselSeccomp

/// The container's first process (or an exec'd process) after the runtime cloned it and exec'd the sealed
/// runtime binary as `vessel-runtime init`. It is a fresh, single-threaded image; it talks to the runtime over
/// the sync channel and never returns.
public enum ContainerInit {
    public static let syncFDEnvironment = "_VESSEL_INIT_SYNC_FD"

    /// Entry point for the hidden `init` command.
    public static func main() -> Never {
        guard let text = getenv(syncFDEnvironment), let fd = Int32(String(cString: text)) else {
            writeStderr("vessel-runtime init: must be started by vessel-runtime\n")
            exit(1)
        }
        let channel = SyncChannel(fd: fd)
        _ = vessel_fcntl_int(fd, F_SETFD, FD_CLOEXEC)
        signal(SIGPIPE, SIG_DFL)
        var mask = sigset_t()
        sigemptyset(&mask)
        sigprocmask(SIG_SETMASK, &mask, nil)
        do {
            // If the runtime dies before we are ready, die with it.
            _ = vessel_prctl(PR_SET_PDEATHSIG, UInt(SIGKILL), 0, 0, 0)
            let payload = try channel.expect(.configuration, stage: "configuration")
            var configuration = try SpecJSON.decode(InitConfiguration.self, from: payload, name: "init configuration")
            try configuration.attach(specDocument: try channel.expect(.specDocument, stage: "configuration"))
            try run(configuration, channel: channel)
        } catch {
            // Before `ready` the runtime reports this; after it, only stderr is left.
            let message = "\(error)"
            do {
                try channel.send(.failure, Array(message.utf8))
            } catch RuntimeError.systemCall(_, _, let code) where code == EPIPE || code == ECONNRESET {
                // The runtime gave up on us (and reports its own error): stay quiet.
            } catch {
                // After `ready` the channel is closed: stderr (the container's) is all that is left.
                writeStderr("vessel-runtime init: \(message)\n")
            }
            exit(127)
        }
    }

    static func writeStderr(_ text: String) {
        _ = try? SystemCall.writeAll(2, Array(text.utf8))
    }

    private static func run(_ configuration: InitConfiguration, channel: SyncChannel) throws -> Never {
        let process = configuration.process
        // First, while still in the host's mount namespace and before anything runs on the container's behalf.
        try CgroupStage.join(files: configuration.cgroupJoinFiles)
        // Before the cgroup namespace is unshared: /proc/self/cgroup and mountinfo still show host paths.
        let cgroupPlan = RootfsCgroupPlan.detect()
        try joinNamespaces(configuration)

        if configuration.mode == .create {
            try channel.send(.namespacesReady)
            _ = try channel.expect(.hooksDone, stage: "createRuntime hooks")
            if let hostname = configuration.spec.hostname, !hostname.isEmpty {
                try SystemCall.check("sethostname", hostname) { sethostname(hostname, hostname.utf8.count) }
            }
            if let domainname = configuration.spec.domainname, !domainname.isEmpty {
                try SystemCall.check("setdomainname", domainname) { setdomainname(domainname, domainname.utf8.count) }
            }
            try RootfsStage.prepare(configuration: configuration, cgroupPlan: cgroupPlan, beforePivot: {
                // createContainer hooks: in the container's namespaces, before pivot_root.
                try HookRunner.run(configuration.createContainerHooks, kind: "createContainer", stateJSON: configuration.stateJSON)
            }, afterPivot: {
                // The pty comes from the container's own devpts; /dev/console is bound to it.
                if let slave = try setUpTerminal(configuration) { try RootfsSetup.mountConsole(slavePath: slave) }
            })
        } else {
            // setns(mnt) put us at the container's root; make cwd match.
            try SystemCall.check("chdir", "/") { chdir("/") }
            _ = try setUpTerminal(configuration)
        }

        try changeDirectory(process.cwd)
        let executable = try ExecutableLookup.resolve(process: process)


        for limit in process.rlimits ?? [] {
            try ResourceLimit.apply(resource: try ResourceLimit.resource(named: limit.type), soft: limit.soft, hard: limit.hard, name: limit.type)
        }
        if let score = process.oomScoreAdj {
            try SystemCall.writeFile("/proc/self/oom_score_adj", "\(score)")
        }

        let seccompProgram: [sock_filter]?
        let seccompFlags: SeccompFilterFlags
        if let profile = configuration.spec.linux?.seccomp {
            let filter = try SeccompFilter(oci: profile)
            seccompProgram = try filter.compileChecked()
            seccompFlags = filter.installationFlags
        } else {
            seccompProgram = nil
            seccompFlags = []
        }
        // Without no_new_privs, installing a filter needs CAP_SYS_ADMIN: install it while we still have it,
        // as runc does (podman and docker leave noNewPrivileges unset). The profile then also covers the
        // rest of the init's own set-up, which engine profiles allow.
        let installSeccompEarly = seccompProgram != nil && process.noNewPrivileges != true
        if installSeccompEarly, let program = seccompProgram {
            try installSeccomp(program, flags: seccompFlags)
        }

        let lastCapability = CapabilitySets.lastCapability()
        let capabilities = process.capabilities
        let sets = CapabilitySets(
            bounding: try Capability.mask(capabilities?.bounding, lastCapability: lastCapability),
            effective: try Capability.mask(capabilities?.effective, lastCapability: lastCapability),
            permitted: try Capability.mask(capabilities?.permitted, lastCapability: lastCapability),
            inheritable: try Capability.mask(capabilities?.inheritable, lastCapability: lastCapability),
            ambient: try Capability.mask(capabilities?.ambient, lastCapability: lastCapability))
        try sets.dropBoundingSet(lastCapability: lastCapability)
        try switchUser(process.user)
        try sets.applyProcessSets(lastCapability: lastCapability)
        if let umaskValue = process.user.umask { umask(mode_t(umaskValue)) }
        if process.noNewPrivileges == true {
            try SystemCall.check("prctl", "PR_SET_NO_NEW_PRIVS") { vessel_prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) }
        }

        if configuration.mode == .create {
            _ = vessel_prctl(PR_SET_PDEATHSIG, 0, 0, 0, 0)
            try channel.send(.ready)
            channel.close()
            try waitForStart(fifoFD: configuration.execFIFOFD) {
                // Before the byte `start` waits for: its poststart hooks then run after these.
                try HookRunner.run(configuration.startContainerHooks, kind: "startContainer", stateJSON: configuration.stateJSON)
            }
        }

        // A detached exec outlives the runtime: the death signal must not follow it across execve.
        _ = vessel_prctl(PR_SET_PDEATHSIG, 0, 0, 0, 0)
        FileDescriptors.markCloseOnExec(from: 3 + configuration.preserveFDs)
        if !installSeccompEarly, let program = seccompProgram {
            try installSeccomp(program, flags: seccompFlags)
        }
        let environment = process.env ?? []
        let arguments = process.args ?? []
        withCStringArray(arguments) { argv in
            withCStringArray(environment) { envp in
                _ = execve(executable, argv, envp)
            }
        }
        throw SystemCall.errnoError("exec", "\"\(arguments.first ?? "")\"")
    }

    private static func installSeccomp(_ program: [sock_filter], flags: SeccompFilterFlags) throws {
        do {
            try SeccompInstaller.install(program, flags: flags)
        } catch {
            throw RuntimeError.seccomp("\(error)")
        }
    }

    /// Allocates the pty inside the container and sends the master over the console socket; returns the slave path.
    private static func setUpTerminal(_ configuration: InitConfiguration) throws -> String? {
        let process = configuration.process
        guard process.terminal == true else {
            if let socket = configuration.consoleSocketFD { SystemCall.closeIgnoringErrors(socket) }
            return nil
        }
        guard let socket = configuration.consoleSocketFD else {
            throw RuntimeError.invalidArgument("process.terminal is set but no --console-socket was given")
        }
        let (master, slavePath) = try Pseudoterminal.openAndAttach(rows: process.consoleSize?.height, columns: process.consoleSize?.width)
        try ConsoleSocket.send(masterFD: master, over: socket)
        SystemCall.closeIgnoringErrors(master)
        SystemCall.closeIgnoringErrors(socket)
        return slavePath
    }

    private static func joinNamespaces(_ configuration: InitConfiguration) throws {
        for join in configuration.joins {
            let fd = try SystemCall.check("open", join.path) { vessel_open(join.path, O_RDONLY | O_CLOEXEC, 0) }
            defer { SystemCall.closeIgnoringErrors(fd) }
            try SystemCall.check("setns", "\(join.type.rawValue) \(join.path)") { vessel_setns(fd, 0) }
        }
        if configuration.unshareFlags != 0 {
            try SystemCall.check("unshare") { vessel_unshare(Int32(truncatingIfNeeded: configuration.unshareFlags)) }
        }
    }

    private static func switchUser(_ user: ProcessUser) throws {
        let groups = (user.additionalGids ?? []).map { gid_t($0) }
        // setgroups is refused in a user namespace whose setgroups file says deny; only fail if groups were asked for.
        let result = groups.withUnsafeBufferPointer { vessel_set_groups($0.count, $0.baseAddress) }
        if result != 0 && !groups.isEmpty { throw SystemCall.errnoError("setgroups") }
        try SystemCall.check("setresgid", "\(user.gid)") { vessel_setresgid(gid_t(user.gid)) }
        try SystemCall.check("setresuid", "\(user.uid)") { vessel_setresuid(uid_t(user.uid)) }
    }

    /// chdir inside the container root, and refuse a cwd that resolved outside it (CVE-2024-21626).
    private static func changeDirectory(_ cwd: String) throws {
        try SystemCall.check("chdir", cwd) { chdir(cwd) }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { throw SystemCall.errnoError("getcwd", cwd) }
        let resolved = stringFromCBuffer(buffer)
        guard resolved.hasPrefix("/") else {
            throw RuntimeError.invalidSpec("process.cwd \(cwd) resolves outside the container root")
        }
    }

    /// Blocks until `start` opens the fifo for reading (opening via /proc/self/fd works after pivot_root), runs
    /// `started`, then writes the byte `start` waits for.
    private static func waitForStart(fifoFD: Int32?, started: () throws -> Void) throws {
        guard let fifoFD else { return try started() }
        let path = "/proc/self/fd/\(fifoFD)"
        let fd = try SystemCall.check("open", "exec fifo") { vessel_open(path, O_WRONLY | O_CLOEXEC, 0) }
        try started()
        try SystemCall.writeAll(fd, [0x30], name: "write exec fifo")
        SystemCall.closeIgnoringErrors(fd)
        SystemCall.closeIgnoringErrors(fifoFD)
    }
}
