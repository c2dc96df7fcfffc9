internal import CVesselSys
import VesselOCISpec
import VesselSeccomp

extension SeccompFilter {
    /// Maps OCI `linux.seccomp` onto the filter model; unknown actions, operators or architectures are errors.
    init(oci: LinuxSeccomp) throws {
        do {
            let defaultAction = try SeccompAction.parse(ociName: oci.defaultAction, errnoRet: oci.defaultErrnoRet)
            let architectures = try SeccompArchitecture.parse(ociNames: oci.architectures ?? [])
            let flags = try SeccompFilterFlags(ociNames: oci.flags ?? [])
            var rules: [SeccompRule] = []
            for syscall in oci.syscalls ?? [] {
                let action = try SeccompAction.parse(ociName: syscall.action, errnoRet: syscall.errnoRet)
                var conditions: [SeccompArgumentCondition] = []
                for argument in syscall.args ?? [] {
                    conditions.append(try SeccompArgumentCondition(
                        index: UInt(argument.index), value: argument.value, valueTwo: argument.valueTwo ?? 0,
                        ociOperator: argument.op))
                }
                rules += SeccompRule.runcCompatibleRules(names: syscall.names, action: action, args: conditions)
            }
            self.init(defaultAction: defaultAction, architectures: architectures, flags: flags, rules: rules)
        } catch {
            throw RuntimeError.seccomp("\(error)")
        }
    }

    /// Compiles now so that bad profiles (an unknown syscall name, say) fail `create` before anything exists.
    func compileChecked() throws -> [sock_filter] {
        do {
            return try SeccompCompiler.compile(self)
        } catch {
            throw RuntimeError.seccomp("\(error)")
        }
    }
}
