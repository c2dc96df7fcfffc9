import CVesselSys
import VesselSeccomp

/// How a forked probe child ended.
struct ChildOutcome: Equatable, CustomStringConvertible {
    var exitCode: Int32
    var signal: Int32
    var description: String { signal != 0 ? "killed by signal \(signal)" : "exit \(exitCode)" }

    static func exited(_ code: Int32) -> ChildOutcome { ChildOutcome(exitCode: code, signal: 0) }
    static func killed(_ signal: Int32) -> ChildOutcome { ChildOutcome(exitCode: -1, signal: signal) }
}

struct ProbeError: Error, CustomStringConvertible {
    var description: String
}

/// Forks children that install a compiled filter and then run one syscall or exec a program (see CVesselSys).
enum FilteredChild {
    static let sigsys: Int32 = 31

    static func syscall(_ filter: SeccompFilter, _ name: String, _ arguments: [UInt64] = []) throws -> ChildOutcome {
        guard let number = SyscallTable.x86_64.number(of: name) else { throw ProbeError(description: "no syscall \(name)") }
        return try syscall(filter, number: Int(number), arguments)
    }

    static func syscall(_ filter: SeccompFilter, number: Int, _ arguments: [UInt64] = []) throws -> ChildOutcome {
        var program = try SeccompCompiler.compile(filter)
        let padded = (arguments + [UInt64](repeating: 0, count: 6)).prefix(6).map { UInt($0) }
        let pid = program.withUnsafeMutableBufferPointer { buffer in
            var fprog = sock_fprog(len: UInt16(buffer.count), filter: buffer.baseAddress)
            return padded.withUnsafeBufferPointer { args in
                vessel_fork_seccomp_syscall(&fprog, filter.installationFlags.rawValue, number, args.baseAddress)
            }
        }
        return try wait(pid)
    }

    /// The same through the i386 ABI (int $0x80), with i386 syscall numbers.
    static func i386Syscall(_ filter: SeccompFilter, _ name: String, _ argument: UInt64 = 0) throws -> ChildOutcome {
        guard let number = SyscallTable.x86.number(of: name) else { throw ProbeError(description: "no i386 syscall \(name)") }
        var program = try SeccompCompiler.compile(filter)
        let pid = program.withUnsafeMutableBufferPointer { buffer in
            var fprog = sock_fprog(len: UInt16(buffer.count), filter: buffer.baseAddress)
            return vessel_fork_seccomp_syscall_i386(&fprog, filter.installationFlags.rawValue, Int(number), UInt(argument))
        }
        return try wait(pid)
    }

    static func exec(_ filter: SeccompFilter, _ path: String, _ arguments: [String]) throws -> ChildOutcome {
        var program = try SeccompCompiler.compile(filter)
        var cStrings: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { makeCString($0) }
        defer { cStrings.forEach { $0?.deallocate() } }
        cStrings.append(nil)
        var environment: [UnsafeMutablePointer<CChar>?] = [nil]
        let pid = program.withUnsafeMutableBufferPointer { buffer in
            var fprog = sock_fprog(len: UInt16(buffer.count), filter: buffer.baseAddress)
            return cStrings.withUnsafeBufferPointer { argv in
                environment.withUnsafeMutableBufferPointer { envp in
                    vessel_fork_seccomp_exec(&fprog, filter.installationFlags.rawValue, path, argv.baseAddress, envp.baseAddress)
                }
            }
        }
        return try wait(pid)
    }

    private static func makeCString(_ string: String) -> UnsafeMutablePointer<CChar> {
        let bytes = Array(string.utf8CString)
        let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count)
        pointer.initialize(from: bytes, count: bytes.count)
        return pointer
    }

    private static func wait(_ pid: pid_t) throws -> ChildOutcome {
        guard pid > 0 else { throw ProbeError(description: "fork failed") }
        var exitCode: Int32 = 0
        var signal: Int32 = 0
        guard vessel_wait_child(pid, &exitCode, &signal) == 0 else { throw ProbeError(description: "waitpid failed") }
        return ChildOutcome(exitCode: exitCode, signal: signal)
    }
}
