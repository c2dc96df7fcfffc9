/// The scenario results of one `Testbed.runReport` call and the L2 sessions it took.
public struct TestbedReport: Sendable, Hashable {
    public var results: [ScenarioResult]
    public var sessions: [SessionSummary]

    public init(results: [ScenarioResult], sessions: [SessionSummary]) {
        self.results = results
        self.sessions = sessions
    }

    public var allSucceeded: Bool { results.allSatisfy(\.succeeded) }
}
