/// How one scenario ended after all attempts.
public struct ScenarioResult: Sendable, Hashable {
    public var name: String
    /// The script's exit status; nil when no session got to the end of the scenario.
    public var exitStatus: Int32?
    /// The scenario's output (stdout and stderr interleaved, carriage returns removed).
    public var output: String
    /// The session attempt (1-based) in which the scenario finished, or the number of attempts made.
    public var attempts: Int
    /// How long the script ran, in L2 time.
    public var l2Seconds: Double?

    public init(name: String, exitStatus: Int32?, output: String, attempts: Int, l2Seconds: Double? = nil) {
        self.name = name
        self.exitStatus = exitStatus
        self.output = output
        self.attempts = attempts
        self.l2Seconds = l2Seconds
    }

    public var finished: Bool { exitStatus != nil }
    public var succeeded: Bool { exitStatus == 0 }
}
