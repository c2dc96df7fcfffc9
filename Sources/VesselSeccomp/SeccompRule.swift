/// Syscalls that take `action` when every condition in `args` holds (AND). Rules for the same syscall are
/// alternatives (OR): rules with conditions are tried in order, then the first rule without conditions.
public struct SeccompRule: Sendable, Hashable {
    public var names: [String]
    public var action: SeccompAction
    public var args: [SeccompArgumentCondition]

    public init(names: [String], action: SeccompAction, args: [SeccompArgumentCondition] = []) {
        self.names = names
        self.action = action
        self.args = args
    }

    /// runc compatibility: when one OCI rule names the same argument index more than once, runc adds each
    /// condition as its own rule (OR instead of AND). The runtime uses this to map OCI `syscalls` entries.
    public static func runcCompatibleRules(names: [String], action: SeccompAction, args: [SeccompArgumentCondition]) -> [SeccompRule] {
        let indices = args.map(\.index)
        guard Set(indices).count == indices.count else {
            return args.map { SeccompRule(names: names, action: action, args: [$0]) }
        }
        return [SeccompRule(names: names, action: action, args: args)]
    }
}
