import Testing
import VesselSeccomp

@Suite struct SeccompCompilerTests {
    static let getpid: UInt32 = 39
    static let errno42: UInt32 = 0x0005_0000 | 42
    static let allowValue: UInt32 = 0x7fff_0000

    static let samples: [UInt64] = [
        0, 1, 5, 6, 0xffff_fffe, 0xffff_ffff, 0x1_0000_0000, 0x1_0000_0005, 0x2_0000_0000,
        0x8000_0000_0000_0000, 0xffff_ffff_ffff_fffe, 0xffff_ffff_ffff_ffff,
    ]

    @Test(arguments: SeccompOperator.allCases)
    func everyOperatorMatchesUnsigned64BitSemantics(op: SeccompOperator) throws {
        for value in Self.samples {
            let valueTwo = value & 0x0000_00ff_0000_00f0
            let filter = SeccompFilter(defaultAction: .allow, rules: [
                SeccompRule(names: ["getpid"], action: .errno(42),
                            args: [SeccompArgumentCondition(index: 3, value: value, valueTwo: valueTwo, op: op)]),
            ])
            let program = try SeccompCompiler.compileInstructions(filter)
            for argument in Self.samples + Self.samples.map({ $0 ^ 0x0000_0030_0000_0010 }) {
                var data = SeccompData(number: Self.getpid)
                data.arguments[3] = argument
                let expected = op.matches(argument: argument, value: value, valueTwo: valueTwo) ? Self.errno42 : Self.allowValue
                #expect(try runBPF(program, on: data) == expected, "\(op) arg \(argument) value \(value)")
            }
        }
    }

    @Test func rulesAreAndWithinAndOrAcross() throws {
        let filter = SeccompFilter(defaultAction: .errno(1), rules: [
            SeccompRule(names: ["getpid"], action: .allow, args: [
                SeccompArgumentCondition(index: 0, value: 1, op: .equal),
                SeccompArgumentCondition(index: 1, value: 2, op: .equal),
            ]),
            SeccompRule(names: ["getpid"], action: .errno(42), args: [SeccompArgumentCondition(index: 2, value: 9, op: .greaterThan)]),
        ])
        let program = try SeccompCompiler.compileInstructions(filter)
        func run(_ a: UInt64, _ b: UInt64, _ c: UInt64) throws -> UInt32 {
            try runBPF(program, on: SeccompData(number: Self.getpid, arguments: [a, b, c, 0, 0, 0]))
        }
        #expect(try run(1, 2, 0) == Self.allowValue)
        #expect(try run(1, 3, 0) == 0x0005_0001)
        #expect(try run(1, 3, 10) == Self.errno42)
        #expect(try run(1, 2, 10) == Self.allowValue)  // first matching rule wins
        #expect(try runBPF(program, on: SeccompData(number: 110)) == 0x0005_0001)
    }

    @Test func architectureChecksHandleI386AndTheX32Bit() throws {
        let rules = [SeccompRule(names: ["getppid"], action: .errno(42))]
        let nativeOnly = try SeccompCompiler.compileInstructions(SeccompFilter(defaultAction: .allow, rules: rules))
        #expect(try runBPF(nativeOnly, on: SeccompData(number: 110)) == Self.errno42)
        #expect(try runBPF(nativeOnly, on: SeccompData(number: 39)) == Self.allowValue)
        #expect(try runBPF(nativeOnly, on: SeccompData(number: 0x4000_0000 | 110)) == 0x8000_0000)
        #expect(try runBPF(nativeOnly, on: SeccompData(number: UInt32.max)) == Self.allowValue)  // nr -1 is native
        #expect(try runBPF(nativeOnly, on: SeccompData(number: 64, architecture: SeccompArchitecture.auditArchI386)) == 0x8000_0000)

        let all = try SeccompCompiler.compileInstructions(SeccompFilter(defaultAction: .allow, architectures: [.x86_64, .x86, .x32], rules: rules))
        #expect(try runBPF(all, on: SeccompData(number: 0x4000_0000 | 110)) == Self.errno42)
        #expect(try runBPF(all, on: SeccompData(number: 0x4000_0000 | 39)) == Self.allowValue)
        #expect(try runBPF(all, on: SeccompData(number: 64, architecture: SeccompArchitecture.auditArchI386)) == Self.errno42)
        #expect(try runBPF(all, on: SeccompData(number: 110, architecture: SeccompArchitecture.auditArchI386)) == Self.allowValue)
        #expect(try runBPF(all, on: SeccompData(number: 110, architecture: 0xC000_00B7)) == 0x8000_0000)  // aarch64
    }

    /// A docker-sized profile on three ABIs: every syscall of each table routed through the search.
    static func bigProfile() -> SeccompFilter {
        let denied: Set<String> = ["getppid", "mkdir", "reboot", "kexec_load", "mount", "swapon"]
        let allowed = SyscallTable.x86_64.numbersByName.keys.filter { !denied.contains($0) && $0 != "personality" }.sorted()
        var rules = [SeccompRule(names: allowed, action: .allow)]
        for persona: UInt64 in [0, 8, 0x20000, 0x20008, 0xffff_ffff] {
            rules.append(SeccompRule(names: ["personality"], action: .allow, args: [SeccompArgumentCondition(index: 0, value: persona, op: .equal)]))
        }
        rules.append(SeccompRule(names: ["clone"], action: .errno(42), args: [
            SeccompArgumentCondition(index: 0, value: 0x7E02_0000, valueTwo: 0x1000_0000, op: .maskedEqual),
        ]))
        rules.append(SeccompRule(names: ["socket"], action: .errno(97), args: [SeccompArgumentCondition(index: 0, value: 16, op: .equal)]))
        return SeccompFilter(defaultAction: .errno(1), architectures: [.x86_64, .x86, .x32], rules: rules)
    }

    @Test func bigProfileFitsAndUsesLongJumps() throws {
        let program = try SeccompCompiler.compileInstructions(Self.bigProfile())
        print("big profile: \(program.count) BPF instructions")
        #expect(program.count < SeccompCompiler.maximumInstructions)
        #expect(program.contains { $0.code == BPFInstruction.jumpAlways && $0.k > 255 })
        for (name, number) in SyscallTable.x86_64.numbersByName {
            let expected: UInt32
            switch name {
            case "getppid", "mkdir", "reboot", "kexec_load", "mount", "swapon": expected = 0x0005_0001
            default: expected = Self.allowValue  // personality(0) is allowed by its first rule
            }
            #expect(try runBPF(program, on: SeccompData(number: number)) == expected, "\(name)")
        }
        let personality = try #require(SyscallTable.x86_64.number(of: "personality"))
        #expect(try runBPF(program, on: SeccompData(number: personality, arguments: [0xffff_ffff, 0, 0, 0, 0, 0])) == Self.allowValue)
        #expect(try runBPF(program, on: SeccompData(number: personality, arguments: [0x1_ffff_ffff, 0, 0, 0, 0, 0])) == 0x0005_0001)
    }

    @Test func manyConditionalBlocksForceLongConditionalJumps() throws {
        // 300 syscalls with argument rules put most blocks far from the search tree.
        let names = SyscallTable.x86_64.numbersByName.sorted { $0.value < $1.value }.prefix(300).map(\.key)
        let rules = names.map { SeccompRule(names: [$0], action: .errno(42), args: [SeccompArgumentCondition(index: 1, value: 7, op: .equal)]) }
        let program = try SeccompCompiler.compileInstructions(SeccompFilter(defaultAction: .allow, rules: rules))
        #expect(program.count < SeccompCompiler.maximumInstructions)
        for name in names {
            let number = try #require(SyscallTable.x86_64.number(of: name))
            #expect(try runBPF(program, on: SeccompData(number: number, arguments: [0, 7, 0, 0, 0, 0])) == Self.errno42)
            #expect(try runBPF(program, on: SeccompData(number: number, arguments: [0, 8, 0, 0, 0, 0])) == Self.allowValue)
        }
    }

    @Test func worstCaseAllowListOnThreeABIsStaysUnderTheLimit() throws {
        // Every other syscall number allowed, so no two neighbours share a run: the largest plain allow-list.
        var names = Set<String>()
        for table in [SyscallTable.x86_64, SyscallTable.x86, SyscallTable.x32] {
            for (name, number) in table.numbersByName where number % 2 == 0 { names.insert(name) }
        }
        let filter = SeccompFilter(defaultAction: .errno(1), architectures: [.x86_64, .x86, .x32],
                                   rules: [SeccompRule(names: names.sorted(), action: .allow)])
        let program = try SeccompCompiler.compileInstructions(filter)
        print("alternating allow-list: \(program.count) BPF instructions")
        #expect(program.count < SeccompCompiler.maximumInstructions)
        for (name, number) in SyscallTable.x86.numbersByName {
            let data = SeccompData(number: number, architecture: SeccompArchitecture.auditArchI386)
            #expect(try runBPF(program, on: data) == (names.contains(name) ? Self.allowValue : 0x0005_0001), "\(name)")
        }
    }

    @Test func tooLongProgramsAreRejected() throws {
        let names = SyscallTable.x86_64.numbersByName.keys.sorted()
        let conditions = (0..<6).map { SeccompArgumentCondition(index: $0, value: UInt64($0), op: .greaterThan) }
        let filter = SeccompFilter(defaultAction: .allow, rules: names.map { SeccompRule(names: [$0], action: .errno(1), args: conditions) })
        #expect {
            try SeccompCompiler.compile(filter)
        } throws: { error in
            guard case SeccompError.programTooLong(let count, 4096) = error else { return false }
            return count > 4096
        }
    }
}
