/// `hooks`: programs run at points of the container lifecycle.
public struct Hooks: Codable, Sendable, Equatable {
    /// Deprecated by the spec in favour of `createRuntime`, still honoured by runc.
    public var prestart: [Hook]?
    public var createRuntime: [Hook]?
    public var createContainer: [Hook]?
    public var startContainer: [Hook]?
    public var poststart: [Hook]?
    public var poststop: [Hook]?

    public init(
        prestart: [Hook]? = nil,
        createRuntime: [Hook]? = nil,
        createContainer: [Hook]? = nil,
        startContainer: [Hook]? = nil,
        poststart: [Hook]? = nil,
        poststop: [Hook]? = nil
    ) {
        self.prestart = prestart
        self.createRuntime = createRuntime
        self.createContainer = createContainer
        self.startContainer = startContainer
        self.poststart = poststart
        self.poststop = poststop
    }
}
