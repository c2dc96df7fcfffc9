/// One OCI `linux.resources.devices[]` entry. Rules apply in order (later ones win), so profiles start with
/// "deny all" and then allow what the container needs.
/// Enforced on cgroup v1 (devices.allow / devices.deny). cgroup v2 needs an eBPF device program, which is not
/// implemented yet: `CgroupV2Manager.apply` leaves device rules unenforced.
public struct CgroupDeviceRule: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case all = "a"
        case block = "b"
        case character = "c"
    }

    public var allow: Bool
    public var kind: Kind
    /// nil matches any major (or minor).
    public var major: Int64?
    public var minor: Int64?
    /// Letters from "rwm".
    public var access: String

    public init(allow: Bool, kind: Kind = .all, major: Int64? = nil, minor: Int64? = nil, access: String = "rwm") {
        self.allow = allow
        self.kind = kind
        self.major = major
        self.minor = minor
        self.access = access
    }

    /// Maps OCI fields: `type` nil or "a" means all devices, `access` nil means "rwm".
    public init(allow: Bool, ociType: String?, major: Int64?, minor: Int64?, access: String?) throws(CgroupError) {
        guard let kind = Kind(rawValue: ociType ?? "a") else {
            throw .invalidResource(name: "devices.type", reason: "'\(ociType ?? "")' is not one of a, b, c")
        }
        let accessText = access ?? "rwm"
        guard !accessText.isEmpty, accessText.allSatisfy({ "rwm".contains($0) }) else {
            throw .invalidResource(name: "devices.access", reason: "'\(accessText)' is not a subset of rwm")
        }
        self.init(allow: allow, kind: kind, major: major, minor: minor, access: accessText)
    }

    /// The line for devices.allow / devices.deny: "c 1:3 rwm", "a *:* rwm".
    public var v1Line: String {
        let majorText = major.map { $0 < 0 ? "*" : String($0) } ?? "*"
        let minorText = minor.map { $0 < 0 ? "*" : String($0) } ?? "*"
        return "\(kind.rawValue) \(majorText):\(minorText) \(access)"
    }
}
