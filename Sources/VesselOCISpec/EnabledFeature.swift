/// A feature that is only on or off (`apparmor`, `selinux`).
public struct EnabledFeature: Codable, Sendable, Equatable {
    public var enabled: Bool?

    public init(enabled: Bool?) {
        self.enabled = enabled
    }
}
