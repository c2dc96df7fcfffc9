/// One L2 boot: which scenarios it ran, how it ended, and what it cost on the host.
public struct SessionSummary: Sendable, Hashable {
    public enum Ending: Sendable, Hashable {
        /// L2 ran every scenario it was given and powered off.
        case completed
        /// No heartbeat for the configured time; the host killed QEMU.
        case silent(seconds: Int)
        /// QEMU exited before L2 finished its scenarios (panic, lockup, crash).
        case exitedEarly(status: Int32)
    }

    public var attempt: Int
    public var scenarioNames: [String]
    public var finishedScenarioNames: [String]
    public var ending: Ending
    public var wallSeconds: Double
    public var cpuSeconds: Double

    public init(attempt: Int, scenarioNames: [String], finishedScenarioNames: [String], ending: Ending,
                wallSeconds: Double, cpuSeconds: Double) {
        self.attempt = attempt
        self.scenarioNames = scenarioNames
        self.finishedScenarioNames = finishedScenarioNames
        self.ending = ending
        self.wallSeconds = wallSeconds
        self.cpuSeconds = cpuSeconds
    }
}
