/// A condition on one syscall argument (`index` 0-5).
public struct SeccompArgumentCondition: Sendable, Hashable {
    public var index: Int
    public var value: UInt64
    /// Only used by `.maskedEqual`: the expected value after masking with `value`.
    public var valueTwo: UInt64
    public var op: SeccompOperator

    public init(index: Int, value: UInt64, valueTwo: UInt64 = 0, op: SeccompOperator) {
        self.index = index
        self.value = value
        self.valueTwo = valueTwo
        self.op = op
    }

    /// Maps OCI `{index, value, valueTwo, op}`.
    public init(index: UInt, value: UInt64, valueTwo: UInt64 = 0, ociOperator: String) throws(SeccompError) {
        self.init(index: Int(clamping: index), value: value, valueTwo: valueTwo, op: try SeccompOperator.parse(ociName: ociOperator))
    }
}
