/// `process`: the container's init process (also the document `runc exec --process` reads).
public struct ProcessSpec: Codable, Sendable, Equatable {
    public var terminal: Bool?
    public var consoleSize: ConsoleSize?
    public var user: ProcessUser
    public var args: [String]?
    public var commandLine: String?
    public var env: [String]?
    public var cwd: String
    public var capabilities: LinuxCapabilities?
    public var rlimits: [POSIXRlimit]?
    public var noNewPrivileges: Bool?
    public var apparmorProfile: String?
    public var oomScoreAdj: Int?
    public var selinuxLabel: String?
    public var ioPriority: IOPriority?

    public init(
        terminal: Bool? = nil,
        consoleSize: ConsoleSize? = nil,
        user: ProcessUser = ProcessUser(uid: 0, gid: 0),
        args: [String]? = nil,
        commandLine: String? = nil,
        env: [String]? = nil,
        cwd: String = "/",
        capabilities: LinuxCapabilities? = nil,
        rlimits: [POSIXRlimit]? = nil,
        noNewPrivileges: Bool? = nil,
        apparmorProfile: String? = nil,
        oomScoreAdj: Int? = nil,
        selinuxLabel: String? = nil,
        ioPriority: IOPriority? = nil
    ) {
        self.terminal = terminal
        self.consoleSize = consoleSize
        self.user = user
        self.args = args
        self.commandLine = commandLine
        self.env = env
        self.cwd = cwd
        self.capabilities = capabilities
        self.rlimits = rlimits
        self.noNewPrivileges = noNewPrivileges
        self.apparmorProfile = apparmorProfile
        self.oomScoreAdj = oomScoreAdj
        self.selinuxLabel = selinuxLabel
        self.ioPriority = ioPriority
    }
}
