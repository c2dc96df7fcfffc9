internal import CVesselSys
import Glibc
import VesselOCISpec

extension Runtime {
    public struct ExecOptions: Sendable {
        /// A process.json (OCI ProcessSpec); when nil, the container's process with `arguments` etc. overridden.
        public var processFile: String?
        public var arguments: [String]
        public var detach: Bool
        public var pidFile: String?
        public var consoleSocket: String?
        public var tty: Bool
        public var env: [String]
        public var cwd: String?
        public var user: String?
        public var preserveFDs: Int32
        /// `--no-new-privs` and `--cap`: applied on top of the container's process.
        public var noNewPrivileges: Bool
        public var extraCapabilities: [String]

        public init(processFile: String? = nil, arguments: [String] = [], detach: Bool = false, pidFile: String? = nil,
                    consoleSocket: String? = nil, tty: Bool = false, env: [String] = [], cwd: String? = nil,
                    user: String? = nil, preserveFDs: Int32 = 0, noNewPrivileges: Bool = false,
                    extraCapabilities: [String] = []) {
            self.noNewPrivileges = noNewPrivileges
            self.extraCapabilities = extraCapabilities
            self.processFile = processFile
            self.arguments = arguments
            self.detach = detach
            self.pidFile = pidFile
            self.consoleSocket = consoleSocket
            self.tty = tty
            self.env = env
            self.cwd = cwd
            self.user = user
            self.preserveFDs = preserveFDs
        }
    }

    /// `exec`: runs a new process in a running container. Returns the exit code (0 when detached).
    public func exec(id: String, options: ExecOptions) throws -> Int32 {
        let directory = try store.open(id: id)
        let record = try directory.load()
        let status = record.currentStatus(directory: directory)
        guard status == .running || status == .created else {
            directory.close()
            if status == .paused { throw RuntimeError.invalidArgument("cannot exec in a paused container \(id)") }
            throw RuntimeError.containerNotRunning(id: id)
        }
        let (spec, specDocument) = try Self.loadSpec(bundle: record.bundle)
        let process = try execProcess(spec: spec, options: options)

        var joins: [InitConfiguration.NamespaceJoin] = []
        var pidJoin: String?
        let types = Set((spec.linux?.namespaces ?? []).map(\.type))
        for type in NamespaceFlags.joinOrder where types.contains(type) {
            joins.append(.init(type: type, path: "/proc/\(record.pid)/ns/\(NamespaceFlags.procName(type))"))
        }
        if types.contains(.pid) { pidJoin = "/proc/\(record.pid)/ns/pid" }

        var consoleFD: Int32?
        if let socketPath = options.consoleSocket { consoleFD = try ConsoleSocket.connect(path: socketPath) }
        defer { consoleFD.map(SystemCall.closeIgnoringErrors) }
        if process.terminal == true && consoleFD == nil {
            throw RuntimeError.invalidArgument("--tty needs --console-socket")
        }
        let preserved = (0..<options.preserveFDs).map { 3 + $0 }
        let launched = try ProcessLauncher.launch(stateRoot: store.root, cloneFlags: 0, pidNamespacePath: pidJoin,
                                                  inheritFDs: (consoleFD.map { [$0] } ?? []) + preserved)
        defer { launched.channel.close() }
        directory.close()
        do {
            let cgroupJoinFiles = try record.cgroupPath.map(CgroupStage.selfJoinFiles) ?? []
            if let path = record.cgroupPath, cgroupJoinFiles.isEmpty { try CgroupStage.add(pid: launched.pid, path: path) }
            let configuration = InitConfiguration(
                mode: .exec, spec: spec, process: process, execProcess: process, bundle: record.bundle, rootfs: record.rootfs, joins: joins,
                cgroupJoinFiles: cgroupJoinFiles, unshareFlags: 0, createdUserNamespace: false, consoleSocketFD: consoleFD,
                execFIFOFD: nil,                preserveFDs: options.preserveFDs, createContainerHooks: [], startContainerHooks: [],
                stateJSON: [], noPivot: false)
            try launched.channel.send(.configuration, try SpecJSON.encodeCompact(configuration))
            try launched.channel.send(.specDocument, specDocument)
            // EOF means the exec succeeded (the channel is close-on-exec); a message is a failure.
            if let (tag, payload) = try launched.channel.receive() {
                let message = tag == .failure ? String(decoding: payload, as: UTF8.self) : "unexpected \(tag)"
                throw RuntimeError.childFailed(stage: "exec", message: message)
            }
            if let pidFile = options.pidFile { try Self.writeAtomically(pidFile, "\(launched.pid)") }
        } catch {
            ProcessLauncher.killAndReap(launched.pid)
            throw error
        }
        if options.detach { return 0 }
        return ProcessWaiter.waitForwardingSignals(pid: launched.pid)
    }

    private func execProcess(spec: Spec, options: ExecOptions) throws -> ProcessSpec {
        if let file = options.processFile {
            let process: ProcessSpec
            do {
                process = try SpecJSON.load(ProcessSpec.self, path: file, name: "process.json")
                try Spec.validate(process: process, field: "process", name: "process.json")
            } catch {
                throw RuntimeError.invalidSpec(error.description)
            }
            return process
        }
        guard var process = spec.process else { throw RuntimeError.invalidSpec("config.json has no process") }
        guard !options.arguments.isEmpty else { throw RuntimeError.invalidArgument("exec needs --process or a command") }
        process.args = options.arguments
        process.terminal = options.tty
        process.env = (process.env ?? []) + options.env
        if let cwd = options.cwd { process.cwd = cwd }
        if options.noNewPrivileges { process.noNewPrivileges = true }
        if !options.extraCapabilities.isEmpty {
            for name in options.extraCapabilities { _ = try Capability.number(named: name) }
            var capabilities = process.capabilities ?? LinuxCapabilities()
            capabilities.bounding = (capabilities.bounding ?? []) + options.extraCapabilities
            capabilities.effective = (capabilities.effective ?? []) + options.extraCapabilities
            capabilities.permitted = (capabilities.permitted ?? []) + options.extraCapabilities
            capabilities.inheritable = (capabilities.inheritable ?? []) + options.extraCapabilities
            process.capabilities = capabilities
        }
        if let user = options.user {
            let parts = user.split(separator: ":", maxSplits: 1)
            guard let uid = parts.first.flatMap({ UInt32($0) }) else {
                throw RuntimeError.invalidArgument("--user must be uid or uid:gid, got \"\(user)\"")
            }
            process.user.uid = uid
            if parts.count == 2 {
                guard let gid = UInt32(parts[1]) else { throw RuntimeError.invalidArgument("--user gid \"\(parts[1])\" is not a number") }
                process.user.gid = gid
            }
        }
        return process
    }
}
