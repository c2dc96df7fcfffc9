/// The OCI runtime-spec 1.x container configuration (`config.json`), Linux subset.
public struct Spec: Codable, Sendable, Equatable {
    public var ociVersion: String
    public var process: ProcessSpec?
    public var root: Root?
    public var hostname: String?
    public var domainname: String?
    public var mounts: [Mount]?
    public var hooks: Hooks?
    public var annotations: [String: String]?
    public var linux: Linux?

    public init(
        ociVersion: String,
        process: ProcessSpec? = nil,
        root: Root? = nil,
        hostname: String? = nil,
        domainname: String? = nil,
        mounts: [Mount]? = nil,
        hooks: Hooks? = nil,
        annotations: [String: String]? = nil,
        linux: Linux? = nil
    ) {
        self.ociVersion = ociVersion
        self.process = process
        self.root = root
        self.hostname = hostname
        self.domainname = domainname
        self.mounts = mounts
        self.hooks = hooks
        self.annotations = annotations
        self.linux = linux
    }
}
