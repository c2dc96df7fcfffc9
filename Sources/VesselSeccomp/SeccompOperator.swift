/// How a syscall argument is compared; all comparisons are unsigned 64-bit, as in libseccomp.
public enum SeccompOperator: String, Sendable, Hashable, CaseIterable {
    case notEqual = "SCMP_CMP_NE"
    case lessThan = "SCMP_CMP_LT"
    case lessThanOrEqual = "SCMP_CMP_LE"
    case equal = "SCMP_CMP_EQ"
    case greaterThanOrEqual = "SCMP_CMP_GE"
    case greaterThan = "SCMP_CMP_GT"
    /// `(argument & value) == valueTwo`.
    case maskedEqual = "SCMP_CMP_MASKED_EQ"

    /// Maps an OCI operator name ("SCMP_CMP_*").
    public init?(ociName: String) {
        self.init(rawValue: ociName)
    }

    public static func parse(ociName: String) throws(SeccompError) -> SeccompOperator {
        guard let value = SeccompOperator(ociName: ociName) else { throw .unknownOperator(name: ociName) }
        return value
    }

    /// Reference semantics, used by tests to cross-check the compiled BPF.
    public func matches(argument: UInt64, value: UInt64, valueTwo: UInt64) -> Bool {
        switch self {
        case .notEqual: return argument != value
        case .lessThan: return argument < value
        case .lessThanOrEqual: return argument <= value
        case .equal: return argument == value
        case .greaterThanOrEqual: return argument >= value
        case .greaterThan: return argument > value
        case .maskedEqual: return argument & value == valueTwo
        }
    }
}
