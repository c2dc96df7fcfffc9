internal import CVesselSys
import Glibc
import VesselOCISpec

/// Starts `vessel-runtime init` in new or joined namespaces, from a sealed view or copy of the runtime binary.
struct ProcessLauncher {
    struct Launched {
        let pid: Int32
        let channel: SyncChannel
    }

    /// Clones the init with `cloneFlags`, joining `pidNamespacePath` (if any) for it first.
    /// `inheritFDs` stay open across the init's exec.
    /// With `beforeExec`, the child waits until it has run (the id maps are written there) before exec'ing.
    static func launch(stateRoot: String, cloneFlags: UInt64, pidNamespacePath: String?, inheritFDs: [Int32],
                       beforeExec: ((Int32) throws -> Void)? = nil) throws -> Launched {
        let sealed = try SealedExecutable.create(scratchDirectory: stateRoot)
        defer { sealed.close() }
        let (runtimeSide, initSide) = try SyncChannel.pair()
        defer { initSide.close() }
        if let pidNamespacePath {
            let fd = try SystemCall.check("open", pidNamespacePath) { vessel_open(pidNamespacePath, O_RDONLY | O_CLOEXEC, 0) }
            defer { SystemCall.closeIgnoringErrors(fd) }
            // Only pid_for_children changes: the runtime itself stays where it is.
            try SystemCall.check("setns", "pid \(pidNamespacePath)") { vessel_setns(fd, 0x2000_0000) }
        }
        let arguments = ["vessel-runtime", "init"]
        let environment = ["\(ContainerInit.syncFDEnvironment)=\(initSide.fd)"]
        let fds = [initSide.fd] + inheritFDs
        var gate: [Int32] = [-1, -1]
        if beforeExec != nil { try SystemCall.check("pipe2") { vessel_pipe2(&gate, O_CLOEXEC) } }
        defer { gate.forEach(SystemCall.closeIgnoringErrors) }
        let pid = withCStringArray(arguments) { argv in
            withCStringArray(environment) { envp in
                fds.withUnsafeBufferPointer { buffer in
                    vessel_clone_exec(cloneFlags, sealed.fd, UnsafePointer(argv).withMemoryRebound(to: UnsafeMutablePointer<CChar>?.self, capacity: arguments.count + 1) { UnsafeMutablePointer(mutating: $0) },
                                      UnsafePointer(envp).withMemoryRebound(to: UnsafeMutablePointer<CChar>?.self, capacity: environment.count + 1) { UnsafeMutablePointer(mutating: $0) },
                                      buffer.baseAddress, Int32(buffer.count), gate[0])
                }
            }
        }
        guard pid > 0 else {
            let error = SystemCall.errnoError("clone3", "namespaces \(String(cloneFlags, radix: 16))")
            runtimeSide.close()
            throw error
        }
        if let beforeExec {
            do {
                try beforeExec(Int32(pid))
                try SystemCall.writeAll(gate[1], [1], name: "write clone gate")
            } catch {
                runtimeSide.close()
                ProcessLauncher.killAndReap(Int32(pid))
                throw error
            }
        }
        return Launched(pid: Int32(pid), channel: runtimeSide)
    }

    /// Writes the new user namespace's id maps; must happen before the init does anything as root.
    static func writeIDMappings(pid: Int32, uidMappings: [LinuxIDMapping], gidMappings: [LinuxIDMapping]) throws {
        func text(_ mappings: [LinuxIDMapping]) -> String {
            mappings.map { "\($0.containerID) \($0.hostID) \($0.size)\n" }.joined()
        }
        try SystemCall.writeFile("/proc/\(pid)/uid_map", text(uidMappings))
        try SystemCall.writeFile("/proc/\(pid)/gid_map", text(gidMappings))
    }

    static func killAndReap(_ pid: Int32) {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }
}
