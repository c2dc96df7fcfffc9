import Testing
import VesselSeccomp

/// Installs compiled filters in forked children and checks what the kernel did from the parent.
@Suite struct SeccompProcessTests {
    static let exitCalls = ["exit", "exit_group"]

    @Test func deniedSyscallsReturnTheConfiguredErrno() throws {
        let filter = SeccompFilter(defaultAction: .allow, rules: [
            SeccompRule(names: ["getppid"], action: .errno(42)),
            SeccompRule(names: ["mkdir"], action: SeccompAction(ociName: "SCMP_ACT_ERRNO") ?? .allow),
        ])
        #expect(try FilteredChild.syscall(filter, "getppid") == .exited(42))
        #expect(try FilteredChild.syscall(filter, "mkdir", [0]) == .exited(1))  // EPERM, not EFAULT
        #expect(try FilteredChild.syscall(filter, "getpid") == .exited(0))
    }

    @Test func defaultErrnoActionAppliesToUnlistedSyscalls() throws {
        let filter = SeccompFilter(defaultAction: .errno(38), rules: [SeccompRule(names: Self.exitCalls + ["getpid"], action: .allow)])
        #expect(filter.defaultErrnoRet == 38)
        #expect(try FilteredChild.syscall(filter, "getpid") == .exited(0))
        #expect(try FilteredChild.syscall(filter, "getppid") == .exited(38))
    }

    @Test func personalityArgumentDecidesTheOutcome() throws {
        let filter = SeccompFilter(defaultAction: .errno(42), rules: [
            SeccompRule(names: Self.exitCalls, action: .allow),
            SeccompRule(names: ["personality"], action: .allow, args: [SeccompArgumentCondition(index: 0, value: 0xffff_ffff, op: .equal)]),
        ])
        #expect(try FilteredChild.syscall(filter, "personality", [0xffff_ffff]) == .exited(0))
        #expect(try FilteredChild.syscall(filter, "personality", [8]) == .exited(42))
        #expect(try FilteredChild.syscall(filter, "personality", [0x1_ffff_ffff]) == .exited(42))
    }

    @Test(arguments: SeccompOperator.allCases)
    func operatorsInTheKernel(op: SeccompOperator) throws {
        let value: UInt64 = 0x1_0000_0005
        let valueTwo: UInt64 = 0x1_0000_0004
        let filter = SeccompFilter(defaultAction: .allow, rules: [
            SeccompRule(names: ["getpid"], action: .errno(42), args: [SeccompArgumentCondition(index: 2, value: value, valueTwo: valueTwo, op: op)]),
        ])
        for argument: UInt64 in [0, 5, 0x1_0000_0004, 0x1_0000_0005, 0x1_0000_0006, 0x1_ffff_fffc, 0x2_0000_0000] {
            let expected: ChildOutcome = op.matches(argument: argument, value: value, valueTwo: valueTwo) ? .exited(42) : .exited(0)
            #expect(try FilteredChild.syscall(filter, "getpid", [0, 0, argument]) == expected, "\(op) \(argument)")
        }
    }

    @Test func maskedFchmodMode() throws {
        // Deny fchmod that sets setuid/setgid bits; fd -1 makes the allowed call fail with EBADF (9).
        let filter = SeccompFilter(defaultAction: .allow, rules: [
            SeccompRule(names: ["fchmod"], action: .errno(42), args: [SeccompArgumentCondition(index: 1, value: 0o4000, valueTwo: 0o4000, op: .maskedEqual)]),
        ])
        #expect(try FilteredChild.syscall(filter, "fchmod", [UInt64(UInt32.max), 0o4755]) == .exited(42))
        #expect(try FilteredChild.syscall(filter, "fchmod", [UInt64(UInt32.max), 0o0755]) == .exited(9))
    }

    @Test func killProcessAndTrapDeliverSIGSYS() throws {
        let kill = SeccompFilter(defaultAction: .allow, rules: [SeccompRule(names: ["getppid"], action: .killProcess)])
        #expect(try FilteredChild.syscall(kill, "getppid") == .killed(FilteredChild.sigsys))
        let trap = SeccompFilter(defaultAction: .allow, rules: [SeccompRule(names: ["getppid"], action: .trap)])
        #expect(try FilteredChild.syscall(trap, "getppid") == .killed(FilteredChild.sigsys))
    }

    @Test func x32SyscallIsABadArchitectureUnlessListed() throws {
        let filter = SeccompFilter(defaultAction: .allow, architectures: [.x86_64])
        #expect(try FilteredChild.syscall(filter, number: 0x4000_0000 | 39) == .killed(FilteredChild.sigsys))
        let withX32 = SeccompFilter(defaultAction: .allow, architectures: [.x86_64, .x32],
                                    rules: [SeccompRule(names: ["getpid"], action: .errno(42))])
        #expect(try FilteredChild.syscall(withX32, number: 0x4000_0000 | 39) == .exited(42))
    }

    @Test func i386SyscallsUseTheI386TableOrAreABadArchitecture() throws {
        let rules = [SeccompRule(names: ["getppid"], action: .errno(42))]
        let withI386 = SeccompFilter(defaultAction: .allow, architectures: [.x86_64, .x86], rules: rules)
        #expect(try FilteredChild.i386Syscall(withI386, "getppid") == .exited(42))
        #expect(try FilteredChild.i386Syscall(withI386, "getpid") == .exited(0))
        let nativeOnly = SeccompFilter(defaultAction: .allow, architectures: [.x86_64], rules: rules)
        #expect(try FilteredChild.i386Syscall(nativeOnly, "getpid") == .killed(FilteredChild.sigsys))
    }

    @Test func bigProfileRunsTrue() throws {
        let filter = SeccompCompilerTests.bigProfile()
        #expect(try FilteredChild.exec(filter, "/usr/bin/true", []) == .exited(0))
        #expect(try FilteredChild.exec(filter, "/usr/bin/false", []) == .exited(1))
        #expect(try FilteredChild.syscall(filter, "mkdir", [0]) == .exited(1))
        #expect(try FilteredChild.syscall(filter, "socket", [16, 3, 0]) == .exited(97))
    }
}
