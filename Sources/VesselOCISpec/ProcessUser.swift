/// `process.user`: the identity the process runs as.
public struct ProcessUser: Codable, Sendable, Equatable {
    public var uid: UInt32
    public var gid: UInt32
    public var umask: UInt32?
    public var additionalGids: [UInt32]?
    public var username: String?

    public init(uid: UInt32, gid: UInt32, umask: UInt32? = nil, additionalGids: [UInt32]? = nil, username: String? = nil) {
        self.uid = uid
        self.gid = gid
        self.umask = umask
        self.additionalGids = additionalGids
        self.username = username
    }
}
