internal import CVesselSys
import Glibc
import VesselOCISpec
import VesselSeccomp

extension Runtime {
    /// `create`: validates everything first (so bad input leaves nothing behind), then starts the init, which
    /// stays blocked on the exec fifo until `start`. Returns the init's pid; the init is our child.
    @discardableResult
    public func create(id: String, options: CreateOptions) throws -> Int32 {
        try StateStore.validate(id: id)
        let bundle = Self.absolutePath(options.bundle)
        let (spec, specDocument) = try Self.loadSpec(bundle: bundle)
        guard let process = spec.process, let rootPath = spec.root?.path else {
            throw RuntimeError.invalidSpec("config.json: process and root are required")
        }
        let rootfs = rootPath.hasPrefix("/") ? rootPath : bundle + "/" + rootPath
        var info = stat()
        guard stat(rootfs, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw RuntimeError.invalidSpec("root.path \(rootfs) does not exist or is not a directory")
        }
        if let profile = spec.linux?.seccomp {
            _ = try SeccompFilter(oci: profile).compileChecked()
        }
        for name in (process.capabilities.map { [$0.bounding, $0.effective, $0.permitted, $0.inheritable, $0.ambient] } ?? [])
            .compactMap({ $0 }).joined() {
            _ = try Capability.number(named: name)
        }
        let plan = try NamespacePlan(spec: spec)
        let cgroupPath = try CgroupStage.resolvePath(spec: spec, id: id)
        _ = try CgroupStage.cgroupResources(spec.linux?.resources)
        if process.terminal == true && options.consoleSocket == nil {
            throw RuntimeError.invalidArgument("process.terminal is true but --console-socket was not given")
        }

        let directory = try store.create(id: id)
        defer { directory.close() }
        var record = ContainerRecord(
            ociVersion: spec.ociVersion, id: id, phase: .creating, pid: 0, pidStartTime: 0, bundle: bundle,
            rootfs: rootfs, created: RuntimeLog.timestamp(), annotations: spec.annotations ?? [:], owner: "",
            cgroupPath: cgroupPath, poststartHooks: (spec.hooks?.poststart ?? []).map(HookCommand.init),
            poststopHooks: (spec.hooks?.poststop ?? []).map(HookCommand.init),
            ownsPIDNamespace: plan.ownsPIDNamespace)
        var launchedPID: Int32 = 0
        var fdsToClose: [Int32] = []
        defer { fdsToClose.forEach(SystemCall.closeIgnoringErrors) }
        do {
            try directory.save(record)
            try SystemCall.check("mkfifo", directory.execFIFOPath) { mkfifo(directory.execFIFOPath, 0o622) }
            // Past the umask: a non-root container user must be able to open it for writing.
            try SystemCall.check("chmod", directory.execFIFOPath) { chmod(directory.execFIFOPath, 0o622) }
            let fifoFD = try SystemCall.check("open", directory.execFIFOPath) {
                vessel_open(directory.execFIFOPath, VESSEL_O_PATH | O_CLOEXEC, 0)
            }
            fdsToClose.append(fifoFD)
            var consoleFD: Int32?
            if let socketPath = options.consoleSocket {
                let fd = try ConsoleSocket.connect(path: socketPath)
                fdsToClose.append(fd)
                consoleFD = fd
            }
            var cgroupJoinFiles: [String] = []
            if let cgroupPath { cgroupJoinFiles = try CgroupStage.create(path: cgroupPath, resources: spec.linux?.resources) }
            // The root of a new user namespace cannot write the host's cgroup files: the runtime moves it in then.
            if plan.createsUserNamespace { cgroupJoinFiles = [] }

            let preserved = (0..<options.preserveFDs).map { 3 + $0 }
            let launched = try ProcessLauncher.launch(
                stateRoot: store.root, cloneFlags: plan.cloneFlags, pidNamespacePath: plan.pidJoinPath,
                inheritFDs: [fifoFD] + (consoleFD.map { [$0] } ?? []) + preserved,
                beforeExec: plan.createsUserNamespace ? { pid in
                    try ProcessLauncher.writeIDMappings(pid: pid, uidMappings: spec.linux?.uidMappings ?? [],
                                                        gidMappings: spec.linux?.gidMappings ?? [])
                } : nil)
            launchedPID = launched.pid
            defer { launched.channel.close() }
            record.pid = launched.pid
            record.pidStartTime = ProcessStat.read(pid: launched.pid)?.startTime ?? 0
            try directory.save(record)

            if let cgroupPath, cgroupJoinFiles.isEmpty { try CgroupStage.add(pid: launched.pid, path: cgroupPath) }

            let configuration = InitConfiguration(
                mode: .create, spec: spec, process: process, bundle: bundle, rootfs: rootfs, joins: plan.joins,
                cgroupJoinFiles: cgroupJoinFiles, unshareFlags: plan.unshareFlags, createdUserNamespace: plan.createsUserNamespace,
                consoleSocketFD: consoleFD, execFIFOFD: fifoFD, preserveFDs: options.preserveFDs,
                createContainerHooks: (spec.hooks?.createContainer ?? []).map(HookCommand.init),
                startContainerHooks: (spec.hooks?.startContainer ?? []).map(HookCommand.init),
                // Encoded only for hooks that read it.
                stateJSON: (spec.hooks?.createContainer ?? []).isEmpty && (spec.hooks?.startContainer ?? []).isEmpty
                    ? [] : record.stateJSON(status: .created),
                noPivot: options.noPivot)
            try launched.channel.send(.configuration, try SpecJSON.encodeCompact(configuration))
            try launched.channel.send(.specDocument, specDocument)

            _ = try launched.channel.expect(.namespacesReady, stage: "namespace setup")
            let runtimeHooks = (spec.hooks?.prestart ?? []) + (spec.hooks?.createRuntime ?? [])
            if !runtimeHooks.isEmpty {
                try HookRunner.run(runtimeHooks.map(HookCommand.init), kind: "createRuntime", stateJSON: record.stateJSON(status: .creating))
            }
            try launched.channel.send(.hooksDone)
            _ = try launched.channel.expect(.ready, stage: "container setup")

            record.phase = .created
            try directory.save(record)
            if let pidFile = options.pidFile { try Self.writeAtomically(pidFile, "\(launched.pid)") }
            log.debug("created container \(id) with init pid \(launched.pid)")
            return launched.pid
        } catch {
            if launchedPID > 0 { ProcessLauncher.killAndReap(launchedPID) }
            if let cgroupPath { CgroupStage.destroy(path: cgroupPath) }
            try? directory.remove()
            throw error
        }
    }
}

extension HookCommand {
    init(_ hook: Hook) {
        self.init(path: hook.path, args: hook.args ?? [], env: hook.env ?? [], timeout: hook.timeout)
    }
}
