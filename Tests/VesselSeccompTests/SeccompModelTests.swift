import Testing
import VesselSeccomp

@Suite struct SeccompModelTests {
    @Test func actionsMapFromOCINames() throws {
        #expect(SeccompAction(ociName: "SCMP_ACT_KILL") == .killThread)
        #expect(SeccompAction(ociName: "SCMP_ACT_KILL_THREAD") == .killThread)
        #expect(SeccompAction(ociName: "SCMP_ACT_KILL_PROCESS") == .killProcess)
        #expect(SeccompAction(ociName: "SCMP_ACT_TRAP") == .trap)
        #expect(SeccompAction(ociName: "SCMP_ACT_ERRNO") == .errno(1))
        #expect(SeccompAction(ociName: "SCMP_ACT_ERRNO", errnoRet: 38) == .errno(38))
        #expect(SeccompAction(ociName: "SCMP_ACT_TRACE", errnoRet: 7) == .trace(7))
        #expect(SeccompAction(ociName: "SCMP_ACT_ALLOW") == .allow)
        #expect(SeccompAction(ociName: "SCMP_ACT_LOG") == .log)
        #expect(SeccompAction(ociName: "SCMP_ACT_NOTIFY") == .notify)
        #expect(SeccompAction(ociName: "SCMP_ACT_ALLOW_ALL") == nil)
        #expect(throws: SeccompError.unknownAction(name: "bogus")) { try SeccompAction.parse(ociName: "bogus") }
    }

    @Test func operatorsArchitecturesAndFlagsMapFromOCINames() throws {
        #expect(SeccompOperator(ociName: "SCMP_CMP_NE") == .notEqual)
        #expect(SeccompOperator(ociName: "SCMP_CMP_LT") == .lessThan)
        #expect(SeccompOperator(ociName: "SCMP_CMP_LE") == .lessThanOrEqual)
        #expect(SeccompOperator(ociName: "SCMP_CMP_EQ") == .equal)
        #expect(SeccompOperator(ociName: "SCMP_CMP_GE") == .greaterThanOrEqual)
        #expect(SeccompOperator(ociName: "SCMP_CMP_GT") == .greaterThan)
        #expect(SeccompOperator(ociName: "SCMP_CMP_MASKED_EQ") == .maskedEqual)
        #expect(SeccompOperator(ociName: "SCMP_CMP_XX") == nil)
        #expect(try SeccompArchitecture.parse(ociNames: ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_AARCH64", "SCMP_ARCH_X32"])
                == [.x86_64, .x86, .x32])
        #expect(throws: SeccompError.unknownArchitecture(name: "SCMP_ARCH_Z80")) {
            try SeccompArchitecture.parse(ociNames: ["SCMP_ARCH_Z80"])
        }
        #expect(try SeccompFilterFlags(ociNames: ["SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_SPEC_ALLOW"]).rawValue == 5)
        #expect(throws: SeccompError.unknownFlag(name: "X")) { try SeccompFilterFlags(ociNames: ["X"]) }
    }

    @Test func errnoAndTraceValuesAreRangeChecked() throws {
        #expect(try SeccompAction.errno(4095).filterReturnValue() == 0x0005_0fff)
        #expect(throws: SeccompError.errnoOutOfRange(value: 4096)) { try SeccompAction.errno(4096).filterReturnValue() }
        #expect(throws: SeccompError.traceDataOutOfRange(value: 0x10000)) { try SeccompAction.trace(0x10000).filterReturnValue() }
    }

    @Test func syscallTablesMatchKnownNumbers() {
        #expect(SyscallTable.x86_64.number(of: "read") == 0)
        #expect(SyscallTable.x86_64.number(of: "getppid") == 110)
        #expect(SyscallTable.x86_64.number(of: "futex_waitv") == 449)
        #expect(SyscallTable.x86_64.number(of: "fchmodat2") == 452)
        #expect(SyscallTable.x86.number(of: "getppid") == 64)
        #expect(SyscallTable.x86.number(of: "socketcall") == 102)
        #expect(SyscallTable.x32.number(of: "read") == 0x4000_0000)
        #expect(SyscallTable.x32.number(of: "rt_sigaction") == 0x4000_0200)
        #expect(SyscallTable.x86_64.numbersByName.count > 360)
    }

    @Test func nameResolutionSkipsOtherABIsAndRejectsUnknownNames() throws {
        #expect(try SyscallTable.x86_64.resolve("socketcall") == nil)  // i386 only
        #expect(try SyscallTable.x86_64.resolve("arm_fadvise64_64") == nil)  // another CPU
        #expect(try SyscallTable.x86_64.resolve("syscall") == nil)  // MIPS, in podman's default profile
        #expect(try SyscallTable.x86.resolve("arch_prctl") == 384)
        #expect(throws: SeccompError.unknownSyscall(name: "no_such_call")) { try SyscallTable.x86_64.resolve("no_such_call") }
        let filter = SeccompFilter(defaultAction: .allow, rules: [SeccompRule(names: ["getpid", "no_such_call"], action: .errno(1))])
        #expect(throws: SeccompError.unknownSyscall(name: "no_such_call")) { try SeccompCompiler.compile(filter) }
        #expect(SeccompError.unknownSyscall(name: "no_such_call").description == "unknown syscall name 'no_such_call'")
    }

    @Test func argumentIndexIsValidated() {
        let filter = SeccompFilter(defaultAction: .allow, rules: [
            SeccompRule(names: ["getpid"], action: .errno(1), args: [SeccompArgumentCondition(index: 6, value: 0, op: .equal)]),
        ])
        #expect(throws: SeccompError.argumentIndexOutOfRange(syscall: "getpid", index: 6)) { try SeccompCompiler.compile(filter) }
    }

    @Test func runcSplitsRepeatedArgumentIndicesIntoSeparateRules() {
        let a = SeccompArgumentCondition(index: 0, value: 1, op: .equal)
        let b = SeccompArgumentCondition(index: 0, value: 2, op: .equal)
        let c = SeccompArgumentCondition(index: 1, value: 3, op: .equal)
        #expect(SeccompRule.runcCompatibleRules(names: ["x"], action: .allow, args: [a, c]).count == 1)
        #expect(SeccompRule.runcCompatibleRules(names: ["x"], action: .allow, args: [a, b, c])
                == [SeccompRule(names: ["x"], action: .allow, args: [a]), SeccompRule(names: ["x"], action: .allow, args: [b]),
                    SeccompRule(names: ["x"], action: .allow, args: [c])])
    }
}
