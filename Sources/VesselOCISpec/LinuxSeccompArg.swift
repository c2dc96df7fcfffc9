/// An argument condition of a seccomp rule; `op` is an `SCMP_CMP_*` name.
public struct LinuxSeccompArg: Codable, Sendable, Equatable {
    public var index: UInt32
    public var value: UInt64
    public var valueTwo: UInt64?
    public var op: String

    public init(index: UInt32, value: UInt64, valueTwo: UInt64? = nil, op: String) {
        self.index = index
        self.value = value
        self.valueTwo = valueTwo
        self.op = op
    }
}
