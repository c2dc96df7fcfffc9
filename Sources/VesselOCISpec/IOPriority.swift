/// `process.ioPriority`: class is `IOPRIO_CLASS_RT`, `IOPRIO_CLASS_BE` or `IOPRIO_CLASS_IDLE`.
public struct IOPriority: Codable, Sendable, Equatable {
    public var `class`: String
    public var priority: Int

    public init(class ioClass: String, priority: Int) {
        self.class = ioClass
        self.priority = priority
    }
}
