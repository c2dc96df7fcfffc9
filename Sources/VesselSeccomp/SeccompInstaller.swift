import CVesselSys

/// Loads compiled programs into the calling thread (or all threads with `.tsync`).
/// The caller must have set no_new_privs (`setNoNewPrivileges()`) or hold CAP_SYS_ADMIN.
/// Both calls are plain syscalls and allocate nothing, so they are safe right after fork/clone.
public enum SeccompInstaller {
    /// Installs `program`; returns the user-notification listener fd when `flags` contains `.newListener`.
    @discardableResult
    public static func install(_ program: [sock_filter], flags: SeccompFilterFlags) throws(SeccompError) -> Int32? {
        guard program.count <= SeccompCompiler.maximumInstructions else {
            throw .programTooLong(instructions: program.count, limit: SeccompCompiler.maximumInstructions)
        }
        var instructions = program
        let result = instructions.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var fprog = sock_fprog(len: UInt16(truncatingIfNeeded: buffer.count), filter: buffer.baseAddress)
            var result: Int32
            repeat {
                result = vessel_seccomp_set_filter(flags.rawValue, &fprog)
            } while result == -1 && SystemErrno.current == SystemErrno.interrupted
            return result
        }
        guard result >= 0 else { throw .installFailed(errno: SystemErrno.current) }
        return flags.contains(.newListener) ? result : nil
    }

    /// prctl(PR_SET_NO_NEW_PRIVS, 1).
    public static func setNoNewPrivileges() throws(SeccompError) {
        guard vessel_prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 else { throw .noNewPrivilegesFailed(errno: SystemErrno.current) }
    }
}
