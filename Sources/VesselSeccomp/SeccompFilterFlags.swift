/// Flags for seccomp(SECCOMP_SET_MODE_FILTER).
public struct SeccompFilterFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let tsync = SeccompFilterFlags(rawValue: 1 << 0)
    public static let log = SeccompFilterFlags(rawValue: 1 << 1)
    public static let specAllow = SeccompFilterFlags(rawValue: 1 << 2)
    public static let newListener = SeccompFilterFlags(rawValue: 1 << 3)
    public static let tsyncESRCH = SeccompFilterFlags(rawValue: 1 << 4)
    public static let waitKillableReceive = SeccompFilterFlags(rawValue: 1 << 5)

    /// Maps one OCI flag name ("SECCOMP_FILTER_FLAG_*").
    public init?(ociName: String) {
        switch ociName {
        case "SECCOMP_FILTER_FLAG_TSYNC": self = .tsync
        case "SECCOMP_FILTER_FLAG_LOG": self = .log
        case "SECCOMP_FILTER_FLAG_SPEC_ALLOW": self = .specAllow
        case "SECCOMP_FILTER_FLAG_NEW_LISTENER": self = .newListener
        case "SECCOMP_FILTER_FLAG_TSYNC_ESRCH": self = .tsyncESRCH
        case "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV": self = .waitKillableReceive
        default: return nil
        }
    }

    /// Maps an OCI `flags` list.
    public init(ociNames: [String]) throws(SeccompError) {
        var flags = SeccompFilterFlags()
        for name in ociNames {
            guard let flag = SeccompFilterFlags(ociName: name) else { throw .unknownFlag(name: name) }
            flags.insert(flag)
        }
        self = flags
    }
}
