/// Builds a forward-only BPF program with symbolic labels and resolves jump distances. A conditional jump
/// whose target is more than 255 instructions away becomes `jcond 0,1; ja true; ja false` (JA has 32 bits).
struct BPFAssembler {
    typealias Label = Int

    enum Test {
        case equal, greater, greaterOrEqual

        var code: UInt16 {
            switch self {
            case .equal: return BPFInstruction.jumpIfEqual
            case .greater: return BPFInstruction.jumpIfGreater
            case .greaterOrEqual: return BPFInstruction.jumpIfGreaterOrEqual
            }
        }
    }

    private enum Item {
        case statement(code: UInt16, k: UInt32)
        case conditional(code: UInt16, k: UInt32, ifTrue: Label, ifFalse: Label)
        case jump(Label)
        case label(Label)
    }

    private var items: [Item] = []
    private var labelCount = 0

    mutating func makeLabel() -> Label {
        labelCount += 1
        return labelCount - 1
    }

    mutating func place(_ label: Label) {
        items.append(.label(label))
    }

    mutating func loadWord(at offset: UInt32) {
        items.append(.statement(code: BPFInstruction.loadWordAbsolute, k: offset))
    }

    mutating func and(_ mask: UInt32) {
        items.append(.statement(code: BPFInstruction.andConstant, k: mask))
    }

    mutating func returnValue(_ value: UInt32) {
        items.append(.statement(code: BPFInstruction.returnConstant, k: value))
    }

    mutating func jump(to label: Label) {
        items.append(.jump(label))
    }

    mutating func branch(_ test: Test, _ k: UInt32, ifTrue: Label, ifFalse: Label) {
        items.append(.conditional(code: test.code, k: k, ifTrue: ifTrue, ifFalse: ifFalse))
    }

    /// Branches and continues right after the branch when the test goes the other way.
    mutating func branch(_ test: Test, _ k: UInt32, ifTrue: Label) {
        let next = makeLabel()
        branch(test, k, ifTrue: ifTrue, ifFalse: next)
        place(next)
    }

    mutating func branch(_ test: Test, _ k: UInt32, ifFalse: Label) {
        let next = makeLabel()
        branch(test, k, ifTrue: next, ifFalse: ifFalse)
        place(next)
    }

    func assemble() throws(SeccompError) -> [BPFInstruction] {
        var isLong = [Bool](repeating: false, count: items.count)
        var positions = [Int](repeating: 0, count: items.count)
        var labelPositions = [Int](repeating: -1, count: labelCount)
        // Lengthening a jump only moves targets further away, so this reaches a fixed point.
        while true {
            var position = 0
            for (index, item) in items.enumerated() {
                positions[index] = position
                switch item {
                case .label(let label): labelPositions[label] = position
                case .statement, .jump: position += 1
                case .conditional: position += isLong[index] ? 3 : 1
                }
            }
            var changed = false
            for (index, item) in items.enumerated() {
                guard case .conditional(_, _, let ifTrue, let ifFalse) = item, !isLong[index] else { continue }
                let trueDistance = labelPositions[ifTrue] - positions[index] - 1
                let falseDistance = labelPositions[ifFalse] - positions[index] - 1
                guard trueDistance >= 0, falseDistance >= 0 else {
                    throw .internalJumpBackwards(fromInstruction: positions[index])
                }
                if trueDistance > 255 || falseDistance > 255 {
                    isLong[index] = true
                    changed = true
                }
            }
            if !changed { break }
        }

        var program: [BPFInstruction] = []
        for (index, item) in items.enumerated() {
            let position = positions[index]
            switch item {
            case .label:
                continue
            case .statement(let code, let k):
                program.append(BPFInstruction(code: code, k: k))
            case .jump(let label):
                let distance = labelPositions[label] - position - 1
                guard distance >= 0 else { throw .internalJumpBackwards(fromInstruction: position) }
                program.append(BPFInstruction(code: BPFInstruction.jumpAlways, k: UInt32(distance)))
            case .conditional(let code, let k, let ifTrue, let ifFalse):
                if isLong[index] {
                    program.append(BPFInstruction(code: code, jumpIfTrue: 0, jumpIfFalse: 1, k: k))
                    program.append(BPFInstruction(code: BPFInstruction.jumpAlways, k: UInt32(labelPositions[ifTrue] - position - 2)))
                    program.append(BPFInstruction(code: BPFInstruction.jumpAlways, k: UInt32(labelPositions[ifFalse] - position - 3)))
                } else {
                    program.append(BPFInstruction(
                        code: code,
                        jumpIfTrue: UInt8(labelPositions[ifTrue] - position - 1),
                        jumpIfFalse: UInt8(labelPositions[ifFalse] - position - 1),
                        k: k))
                }
            }
        }
        return program
    }
}
