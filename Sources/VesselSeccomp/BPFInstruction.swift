import CVesselSys

/// One classic BPF instruction (`struct sock_filter`), kept as a Swift value so programs can be inspected.
public struct BPFInstruction: Sendable, Hashable, CustomStringConvertible {
    public var code: UInt16
    public var jumpIfTrue: UInt8
    public var jumpIfFalse: UInt8
    public var k: UInt32

    public init(code: UInt16, jumpIfTrue: UInt8 = 0, jumpIfFalse: UInt8 = 0, k: UInt32) {
        self.code = code
        self.jumpIfTrue = jumpIfTrue
        self.jumpIfFalse = jumpIfFalse
        self.k = k
    }

    // Opcodes used by the seccomp compiler (linux/bpf_common.h).
    public static let loadWordAbsolute: UInt16 = 0x20  // BPF_LD | BPF_W | BPF_ABS
    public static let andConstant: UInt16 = 0x54  // BPF_ALU | BPF_AND | BPF_K
    public static let jumpAlways: UInt16 = 0x05  // BPF_JMP | BPF_JA
    public static let jumpIfEqual: UInt16 = 0x15  // BPF_JMP | BPF_JEQ | BPF_K
    public static let jumpIfGreater: UInt16 = 0x25  // BPF_JMP | BPF_JGT | BPF_K
    public static let jumpIfGreaterOrEqual: UInt16 = 0x35  // BPF_JMP | BPF_JGE | BPF_K
    public static let returnConstant: UInt16 = 0x06  // BPF_RET | BPF_K

    public var sockFilter: sock_filter {
        sock_filter(code: code, jt: jumpIfTrue, jf: jumpIfFalse, k: k)
    }

    public var description: String {
        "{ 0x\(String(code, radix: 16)), \(jumpIfTrue), \(jumpIfFalse), 0x\(String(k, radix: 16)) }"
    }
}
