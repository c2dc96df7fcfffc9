extension Spec {
    /// Rlimit names Linux knows (`setrlimit` resources).
    public static let knownRlimits: Set<String> = [
        "RLIMIT_AS", "RLIMIT_CORE", "RLIMIT_CPU", "RLIMIT_DATA", "RLIMIT_FSIZE", "RLIMIT_LOCKS",
        "RLIMIT_MEMLOCK", "RLIMIT_MSGQUEUE", "RLIMIT_NICE", "RLIMIT_NOFILE", "RLIMIT_NPROC",
        "RLIMIT_RSS", "RLIMIT_RTPRIO", "RLIMIT_RTTIME", "RLIMIT_SIGPENDING", "RLIMIT_STACK",
    ]

    /// Values accepted for `linux.rootfsPropagation`.
    public static let knownPropagations: Set<String> = [
        "shared", "rshared", "slave", "rslave", "private", "rprivate", "unbindable", "runbindable",
    ]

    /// The major version of `ociVersion`, or nil when it does not start with a number.
    public var ociMajorVersion: Int? {
        guard let first = ociVersion.split(separator: ".", omittingEmptySubsequences: false).first else { return nil }
        return Int(first)
    }

    /// Checks what runc checks before creating a container. Throws the first problem found.
    public func validate() throws(SpecError) {
        guard let major = ociMajorVersion else {
            throw invalid("ociVersion", "\"\(ociVersion)\" is not a version")
        }
        guard major == 1 else { throw SpecError.unsupportedVersion(ociVersion) }

        guard let root, !root.path.isEmpty else { throw invalid("root.path", "is required") }

        if let process { try Spec.validate(process: process, field: "process", name: "config.json") }

        for (index, mount) in (mounts ?? []).enumerated() {
            guard mount.destination.hasPrefix("/") else {
                throw invalid("mounts[\(index)].destination", "must be an absolute path, got \"\(mount.destination)\"")
            }
        }

        if let hooks { try validate(hooks: hooks) }
        try validateLinux()
    }

    /// Validates a process document (config.json's `process`, or `exec --process` JSON).
    public static func validate(process: ProcessSpec, field: String, name: String) throws(SpecError) {
        guard let args = process.args, !args.isEmpty else {
            throw SpecError.invalidValue(file: name, field: "\(field).args", detail: "must name at least the program to run")
        }
        guard process.cwd.hasPrefix("/") else {
            throw SpecError.invalidValue(
                file: name, field: "\(field).cwd", detail: "must be an absolute path, got \"\(process.cwd)\"")
        }
        var seen: Set<String> = []
        for (index, limit) in (process.rlimits ?? []).enumerated() {
            let path = "\(field).rlimits[\(index)].type"
            guard knownRlimits.contains(limit.type) else {
                throw SpecError.invalidValue(file: name, field: path, detail: "unknown rlimit \"\(limit.type)\"")
            }
            guard seen.insert(limit.type).inserted else {
                throw SpecError.invalidValue(file: name, field: path, detail: "rlimit \(limit.type) is set twice")
            }
            guard limit.soft <= limit.hard else {
                throw SpecError.invalidValue(
                    file: name, field: "\(field).rlimits[\(index)]",
                    detail: "soft limit \(limit.soft) exceeds hard limit \(limit.hard)")
            }
        }
        if let env = process.env {
            for (index, entry) in env.enumerated() where !entry.contains("=") || entry.hasPrefix("=") {
                throw SpecError.invalidValue(
                    file: name, field: "\(field).env[\(index)]", detail: "\"\(entry)\" is not KEY=VALUE")
            }
        }
    }

    private func validate(hooks: Hooks) throws(SpecError) {
        let stages: [(String, [Hook]?)] = [
            ("prestart", hooks.prestart), ("createRuntime", hooks.createRuntime),
            ("createContainer", hooks.createContainer), ("startContainer", hooks.startContainer),
            ("poststart", hooks.poststart), ("poststop", hooks.poststop),
        ]
        for (stage, list) in stages {
            for (index, hook) in (list ?? []).enumerated() {
                guard hook.path.hasPrefix("/") else {
                    throw invalid("hooks.\(stage)[\(index)].path", "must be an absolute path, got \"\(hook.path)\"")
                }
                if let timeout = hook.timeout, timeout <= 0 {
                    throw invalid("hooks.\(stage)[\(index)].timeout", "must be positive, got \(timeout)")
                }
            }
        }
    }

    private func validateLinux() throws(SpecError) {
        let linux = self.linux ?? Linux()
        var types: Set<LinuxNamespaceType> = []
        for (index, namespace) in (linux.namespaces ?? []).enumerated() {
            guard types.insert(namespace.type).inserted else {
                throw invalid("linux.namespaces[\(index)].type", "namespace \(namespace.type.rawValue) is listed twice")
            }
            if let path = namespace.path, !path.hasPrefix("/") {
                throw invalid("linux.namespaces[\(index)].path", "must be an absolute path, got \"\(path)\"")
            }
        }
        let userNamespace = linux.namespaces?.first { $0.type == .user }
        let hasMappings = !(linux.uidMappings ?? []).isEmpty || !(linux.gidMappings ?? []).isEmpty
        if hasMappings && userNamespace == nil {
            throw invalid("linux.uidMappings", "id mappings need a user namespace in linux.namespaces")
        }
        if let userNamespace, userNamespace.path == nil {
            if (linux.uidMappings ?? []).isEmpty { throw invalid("linux.uidMappings", "a new user namespace needs uid mappings") }
            if (linux.gidMappings ?? []).isEmpty { throw invalid("linux.gidMappings", "a new user namespace needs gid mappings") }
        }
        if hostname.map({ !$0.isEmpty }) == true && !types.contains(.uts) {
            throw invalid("hostname", "setting the hostname needs a uts namespace")
        }
        if domainname.map({ !$0.isEmpty }) == true && !types.contains(.uts) {
            throw invalid("domainname", "setting the domainname needs a uts namespace")
        }
        if linux.timeOffsets.map({ !$0.isEmpty }) == true && !types.contains(.time) {
            throw invalid("linux.timeOffsets", "time offsets need a time namespace")
        }
        if let propagation = linux.rootfsPropagation, !propagation.isEmpty,
           !Spec.knownPropagations.contains(propagation) {
            throw invalid("linux.rootfsPropagation", "unknown propagation \"\(propagation)\"")
        }
        for (index, path) in (linux.maskedPaths ?? []).enumerated() where !path.hasPrefix("/") {
            throw invalid("linux.maskedPaths[\(index)]", "must be an absolute path, got \"\(path)\"")
        }
        for (index, path) in (linux.readonlyPaths ?? []).enumerated() where !path.hasPrefix("/") {
            throw invalid("linux.readonlyPaths[\(index)]", "must be an absolute path, got \"\(path)\"")
        }
        for (index, device) in (linux.devices ?? []).enumerated() {
            guard device.path.hasPrefix("/") else {
                throw invalid("linux.devices[\(index)].path", "must be an absolute path, got \"\(device.path)\"")
            }
            guard ["c", "u", "b", "p"].contains(device.type) else {
                throw invalid("linux.devices[\(index)].type", "must be c, u, b or p, got \"\(device.type)\"")
            }
            if device.type != "p" && (device.major == nil || device.minor == nil) {
                throw invalid("linux.devices[\(index)]", "device \(device.path) needs major and minor numbers")
            }
        }
        for key in (linux.sysctl ?? [:]).keys.sorted() {
            if let problem = Spec.sysctlProblem(key: key, namespaces: types, hostname: hostname) {
                throw invalid("linux.sysctl.\(key)", problem)
            }
        }
    }

    /// Why a sysctl may not be set for a container with `namespaces`, or nil when it may (runc's rules:
    /// only keys that belong to a namespace the container owns).
    public static func sysctlProblem(key: String, namespaces: Set<LinuxNamespaceType>, hostname: String?) -> String? {
        let name = key.replacingSlashesWithDots()
        let ipcKeys: Set<String> = [
            "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem",
            "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced",
        ]
        if ipcKeys.contains(name) || name.hasPrefix("fs.mqueue.") {
            return namespaces.contains(.ipc) ? nil : "sysctl \(name) needs an ipc namespace"
        }
        if name.hasPrefix("net.") {
            return namespaces.contains(.network) ? nil : "sysctl \(name) needs a network namespace"
        }
        if name == "kernel.hostname" || name == "kernel.domainname" {
            guard namespaces.contains(.uts) else { return "sysctl \(name) needs a uts namespace" }
            if name == "kernel.hostname", let hostname, !hostname.isEmpty {
                return "sysctl kernel.hostname conflicts with the hostname field"
            }
            return nil
        }
        return "sysctl \(name) is not in a namespace the container owns"
    }

    private func invalid(_ field: String, _ detail: String) -> SpecError {
        SpecError.invalidValue(file: "config.json", field: field, detail: detail)
    }
}

extension String {
    /// `net/ipv4/ip_forward` → `net.ipv4.ip_forward` (both spellings are accepted for sysctl keys).
    func replacingSlashesWithDots() -> String {
        String(map { $0 == "/" ? "." : $0 })
    }
}
