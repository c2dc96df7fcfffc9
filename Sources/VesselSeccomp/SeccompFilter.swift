/// A complete seccomp policy, independent of the OCI types. Map OCI `linux.seccomp` with
/// `SeccompAction(ociName:errnoRet:)`, `SeccompArchitecture.parse(ociNames:)`, `SeccompFilterFlags(ociNames:)`
/// and `SeccompRule.runcCompatibleRules(names:action:args:)`.
public struct SeccompFilter: Sendable, Hashable {
    /// Action for syscalls no rule matches. OCI `defaultErrnoRet` is folded in: `.errno(defaultErrnoRet)`.
    public var defaultAction: SeccompAction
    /// Empty means the native architecture (x86_64) only.
    public var architectures: [SeccompArchitecture]
    public var flags: SeccompFilterFlags
    public var rules: [SeccompRule]
    /// Action for syscalls from an ABI not in `architectures`. libseccomp's default kills the thread;
    /// we kill the process so a multi-threaded caller cannot keep running half-dead.
    public var badArchitectureAction: SeccompAction

    public init(
        defaultAction: SeccompAction,
        architectures: [SeccompArchitecture] = [],
        flags: SeccompFilterFlags = [],
        rules: [SeccompRule] = [],
        badArchitectureAction: SeccompAction = .killProcess
    ) {
        self.defaultAction = defaultAction
        self.architectures = architectures
        self.flags = flags
        self.rules = rules
        self.badArchitectureAction = badArchitectureAction
    }

    /// The errno of an `.errno` default action (OCI `defaultErrnoRet`), nil otherwise.
    public var defaultErrnoRet: UInt32? {
        if case .errno(let value) = defaultAction { return value }
        return nil
    }

    /// Architectures the compiled program dispatches on.
    public var effectiveArchitectures: [SeccompArchitecture] {
        architectures.isEmpty ? [.x86_64] : architectures
    }

    /// Whether any rule returns to a user-space listener (installation then needs NEW_LISTENER).
    public var usesNotify: Bool {
        defaultAction == .notify || rules.contains { $0.action == .notify }
    }
}
