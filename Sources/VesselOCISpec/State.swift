/// The runtime state document (`runc state` output): the OCI fields plus runc's `rootfs`, `created`, `owner`.
public struct State: Codable, Sendable, Equatable {
    public var ociVersion: String
    public var id: String
    public var pid: Int32
    public var status: ContainerStatus
    public var bundle: String
    public var rootfs: String?
    /// RFC 3339 creation time, as runc prints it.
    public var created: String?
    public var owner: String?
    public var annotations: [String: String]?

    public init(
        ociVersion: String = Spec.currentVersion, id: String, pid: Int32, status: ContainerStatus, bundle: String,
        rootfs: String? = nil, created: String? = nil, owner: String? = nil, annotations: [String: String]? = nil
    ) {
        self.ociVersion = ociVersion
        self.id = id
        self.pid = pid
        self.status = status
        self.bundle = bundle
        self.rootfs = rootfs
        self.created = created
        self.owner = owner
        self.annotations = annotations
    }
}
