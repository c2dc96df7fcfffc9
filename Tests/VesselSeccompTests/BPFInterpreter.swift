import VesselSeccomp

/// A minimal classic-BPF interpreter for seccomp programs, used to check compiled programs exhaustively
/// without forking. It implements only the opcodes the compiler emits and fails loudly on anything else.
struct SeccompData {
    var number: UInt32
    var architecture: UInt32 = SeccompArchitecture.auditArchX86_64
    var instructionPointer: UInt64 = 0
    var arguments: [UInt64] = [0, 0, 0, 0, 0, 0]

    func word(at offset: UInt32) -> UInt32? {
        switch offset {
        case 0: return number
        case 4: return architecture
        case 8: return UInt32(truncatingIfNeeded: instructionPointer)
        case 12: return UInt32(truncatingIfNeeded: instructionPointer >> 32)
        case 16..<64 where offset % 4 == 0:
            let argument = arguments[Int(offset - 16) / 8]
            return offset % 8 == 0 ? UInt32(truncatingIfNeeded: argument) : UInt32(truncatingIfNeeded: argument >> 32)
        default: return nil
        }
    }
}

enum BPFInterpreterError: Error {
    case badOpcode(UInt16, at: Int)
    case badLoad(UInt32, at: Int)
    case ranOffEnd
}

func runBPF(_ program: [BPFInstruction], on data: SeccompData) throws -> UInt32 {
    var accumulator: UInt32 = 0
    var pc = 0
    while pc < program.count {
        let instruction = program[pc]
        pc += 1
        switch instruction.code {
        case BPFInstruction.loadWordAbsolute:
            guard let word = data.word(at: instruction.k) else { throw BPFInterpreterError.badLoad(instruction.k, at: pc - 1) }
            accumulator = word
        case BPFInstruction.andConstant:
            accumulator &= instruction.k
        case BPFInstruction.jumpAlways:
            pc += Int(instruction.k)
        case BPFInstruction.jumpIfEqual, BPFInstruction.jumpIfGreater, BPFInstruction.jumpIfGreaterOrEqual:
            let taken: Bool
            switch instruction.code {
            case BPFInstruction.jumpIfEqual: taken = accumulator == instruction.k
            case BPFInstruction.jumpIfGreater: taken = accumulator > instruction.k
            default: taken = accumulator >= instruction.k
            }
            pc += Int(taken ? instruction.jumpIfTrue : instruction.jumpIfFalse)
        case BPFInstruction.returnConstant:
            return instruction.k
        default:
            throw BPFInterpreterError.badOpcode(instruction.code, at: pc - 1)
        }
    }
    throw BPFInterpreterError.ranOffEnd
}
