import CVesselSys

/// Compiles a `SeccompFilter` into a classic BPF program for x86_64 hosts.
///
/// Layout: check `seccomp_data.arch` (x86_64 and x32 share AUDIT_ARCH_X86_64 and differ by the x32 bit in
/// the syscall number), then per ABI a binary search over the syscall numbers that have rules. Syscalls whose
/// only outcome is one action return inline from the search; syscalls with argument conditions jump to a
/// block that tests each rule in turn. 64-bit arguments are compared as two 32-bit halves.
public enum SeccompCompiler {
    /// BPF_MAXINSNS.
    public static let maximumInstructions = 4096

    private enum Offset {
        static let number: UInt32 = 0
        static let architecture: UInt32 = 4
        static func argumentLow(_ index: Int) -> UInt32 { UInt32(16 + 8 * index) }
        static func argumentHigh(_ index: Int) -> UInt32 { UInt32(16 + 8 * index + 4) }
    }

    /// Rules resolved for one syscall number of one ABI.
    private struct SyscallRules {
        var conditional: [(action: UInt32, args: [SeccompArgumentCondition])] = []
        var unconditional: UInt32?
    }

    public static func compile(_ filter: SeccompFilter) throws(SeccompError) -> [sock_filter] {
        try compileInstructions(filter).map(\.sockFilter)
    }

    public static func compileInstructions(_ filter: SeccompFilter) throws(SeccompError) -> [BPFInstruction] {
        let defaultValue = try filter.defaultAction.filterReturnValue()
        let badArchitectureValue = try filter.badArchitectureAction.filterReturnValue()
        let architectures = filter.effectiveArchitectures
        var sections: [SeccompArchitecture: [UInt32: SyscallRules]] = [:]
        for architecture in architectures {
            sections[architecture] = try resolveRules(filter.rules, table: SyscallTable.table(for: architecture))
        }

        var assembler = BPFAssembler()
        let nativeSection = assembler.makeLabel()
        let i386Section = assembler.makeLabel()
        let x32Section = assembler.makeLabel()

        assembler.loadWord(at: Offset.architecture)
        assembler.branch(.equal, SeccompArchitecture.auditArchX86_64, ifTrue: nativeSection)
        if sections[.x86] != nil {
            assembler.branch(.equal, SeccompArchitecture.auditArchI386, ifTrue: i386Section)
        }
        assembler.returnValue(badArchitectureValue)

        // AUDIT_ARCH_X86_64 covers x86_64 and x32; the x32 ABI sets bit 30 in the number.
        assembler.place(nativeSection)
        assembler.loadWord(at: Offset.number)
        // nr -1 is what a tracer's syscall skip leaves behind; it belongs to the native ABI, not to x32.
        let nativeDispatch = assembler.makeLabel()
        assembler.branch(.equal, UInt32.max, ifTrue: nativeDispatch)
        assembler.branch(.greaterOrEqual, SeccompArchitecture.x32SyscallBit, ifTrue: x32Section)
        assembler.place(nativeDispatch)
        if let rules = sections[.x86_64] {
            emitSection(rules, defaultValue: defaultValue, into: &assembler)
        } else {
            assembler.returnValue(badArchitectureValue)
        }
        assembler.place(x32Section)
        if let rules = sections[.x32] {
            emitSection(rules, defaultValue: defaultValue, into: &assembler)
        } else {
            assembler.returnValue(badArchitectureValue)
        }
        if let rules = sections[.x86] {
            assembler.place(i386Section)
            assembler.loadWord(at: Offset.number)
            emitSection(rules, defaultValue: defaultValue, into: &assembler)
        }

        let program = try assembler.assemble()
        guard program.count <= maximumInstructions else {
            throw .programTooLong(instructions: program.count, limit: maximumInstructions)
        }
        return program
    }

    private static func resolveRules(_ rules: [SeccompRule], table: SyscallTable) throws(SeccompError) -> [UInt32: SyscallRules] {
        var result: [UInt32: SyscallRules] = [:]
        for rule in rules {
            let action = try rule.action.filterReturnValue()
            for name in rule.names {
                for condition in rule.args where !(0...5).contains(condition.index) {
                    throw .argumentIndexOutOfRange(syscall: name, index: condition.index)
                }
                guard let number = try table.resolve(name) else { continue }
                var entry = result[number] ?? SyscallRules()
                if rule.args.isEmpty {
                    if entry.unconditional == nil { entry.unconditional = action }
                } else {
                    entry.conditional.append((action, rule.args))
                }
                result[number] = entry
            }
        }
        return result
    }

    /// Emits the dispatch for one ABI; expects the syscall number in the accumulator.
    private static func emitSection(_ rules: [UInt32: SyscallRules], defaultValue: UInt32, into assembler: inout BPFAssembler) {
        var entries: [(number: UInt32, outcome: Outcome)] = []
        var blocks: [(label: BPFAssembler.Label, rules: SyscallRules)] = []
        for number in rules.keys.sorted() {
            guard let entry = rules[number] else { continue }
            let fallback = entry.unconditional ?? defaultValue
            if entry.conditional.allSatisfy({ $0.action == fallback }) {
                if fallback != defaultValue { entries.append((number, .returns(fallback))) }
            } else {
                let label = assembler.makeLabel()
                blocks.append((label, entry))
                entries.append((number, .block(label)))
            }
        }
        emitSearch(segments(entries, defaultValue: defaultValue)[...], into: &assembler)
        for block in blocks {
            assembler.place(block.label)
            emitRules(block.rules, defaultValue: defaultValue, into: &assembler)
        }
    }

    private enum Outcome: Equatable {
        case returns(UInt32)
        case block(BPFAssembler.Label)
    }

    /// Splits the 32-bit number space into runs with one outcome each: run `i` covers
    /// `[runs[i].start, runs[i+1].start)`. Neighbouring syscalls with the same action share a run, which keeps
    /// typical allow-list profiles small.
    private static func segments(_ entries: [(number: UInt32, outcome: Outcome)], defaultValue: UInt32) -> [(start: UInt32, outcome: Outcome)] {
        var runs: [(start: UInt32, outcome: Outcome)] = [(0, .returns(defaultValue))]
        func append(_ start: UInt32, _ outcome: Outcome) {
            if let last = runs.last, last.start == start { runs.removeLast() }
            if let last = runs.last, last.outcome == outcome, case .returns = outcome { return }
            runs.append((start, outcome))
        }
        for entry in entries {
            append(entry.number, entry.outcome)
            if entry.number < UInt32.max { append(entry.number + 1, .returns(defaultValue)) }
        }
        return runs
    }

    /// Binary search over run starts; each leaf returns or jumps to the syscall's rule block.
    private static func emitSearch(_ runs: ArraySlice<(start: UInt32, outcome: Outcome)>, into assembler: inout BPFAssembler) {
        guard runs.count > 1 else {
            switch runs.first?.outcome {
            case .returns(let value): assembler.returnValue(value)
            case .block(let label): assembler.jump(to: label)
            case nil: break
            }
            return
        }
        let middle = runs.startIndex + runs.count / 2
        let upper = assembler.makeLabel()
        assembler.branch(.greaterOrEqual, runs[middle].start, ifTrue: upper)
        emitSearch(runs[..<middle], into: &assembler)
        assembler.place(upper)
        emitSearch(runs[middle...], into: &assembler)
    }

    private static func emitRules(_ rules: SyscallRules, defaultValue: UInt32, into assembler: inout BPFAssembler) {
        for rule in rules.conditional {
            let nextRule = assembler.makeLabel()
            for condition in rule.args {
                emitCondition(condition, onFailure: nextRule, into: &assembler)
            }
            assembler.returnValue(rule.action)
            assembler.place(nextRule)
        }
        assembler.returnValue(rules.unconditional ?? defaultValue)
    }

    /// Falls through when the condition holds, jumps to `failure` otherwise. Unsigned 64-bit semantics.
    private static func emitCondition(_ condition: SeccompArgumentCondition, onFailure failure: BPFAssembler.Label,
                                      into assembler: inout BPFAssembler) {
        let pass = assembler.makeLabel()
        let high = UInt32(truncatingIfNeeded: condition.value >> 32)
        let low = UInt32(truncatingIfNeeded: condition.value)
        assembler.loadWord(at: Offset.argumentHigh(condition.index))
        switch condition.op {
        case .equal:
            assembler.branch(.equal, high, ifFalse: failure)
            assembler.loadWord(at: Offset.argumentLow(condition.index))
            assembler.branch(.equal, low, ifTrue: pass, ifFalse: failure)
        case .notEqual:
            assembler.branch(.equal, high, ifFalse: pass)
            assembler.loadWord(at: Offset.argumentLow(condition.index))
            assembler.branch(.equal, low, ifTrue: failure, ifFalse: pass)
        case .greaterThan, .greaterThanOrEqual:
            assembler.branch(.greater, high, ifTrue: pass)
            assembler.branch(.equal, high, ifFalse: failure)
            assembler.loadWord(at: Offset.argumentLow(condition.index))
            assembler.branch(condition.op == .greaterThan ? .greater : .greaterOrEqual, low, ifTrue: pass, ifFalse: failure)
        case .lessThan, .lessThanOrEqual:
            assembler.branch(.greater, high, ifTrue: failure)
            assembler.branch(.equal, high, ifFalse: pass)
            assembler.loadWord(at: Offset.argumentLow(condition.index))
            // a < b ⇔ !(a >= b); a <= b ⇔ !(a > b)
            assembler.branch(condition.op == .lessThan ? .greaterOrEqual : .greater, low, ifTrue: failure, ifFalse: pass)
        case .maskedEqual:
            let expectedHigh = UInt32(truncatingIfNeeded: condition.valueTwo >> 32)
            let expectedLow = UInt32(truncatingIfNeeded: condition.valueTwo)
            assembler.and(high)
            assembler.branch(.equal, expectedHigh, ifFalse: failure)
            assembler.loadWord(at: Offset.argumentLow(condition.index))
            assembler.and(low)
            assembler.branch(.equal, expectedLow, ifTrue: pass, ifFalse: failure)
        }
        assembler.place(pass)
    }
}
