import Testing
import VesselTestbed

/// What one shared L2 session produced: its report, or why there is none.
enum NestedSessionOutcome: Sendable {
    case skipped(String)
    case ran(TestbedReport)
    case failed(String)

    /// The session's report; nil after printing SKIP (assets or tools missing) or recording the test bed's failure.
    func report(sourceLocation: SourceLocation = #_sourceLocation) -> TestbedReport? {
        switch self {
        case .skipped(let reason):
            print("SKIP: \(reason)")
            return nil
        case .failed(let reason):
            Issue.record("test bed failed: \(reason)", sourceLocation: sourceLocation)
            return nil
        case .ran(let report):
            return report
        }
    }

    /// The named scenario's result; nil as for `report`, a failed requirement if the session lacks it.
    func scenario(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> ScenarioResult? {
        guard let report = report(sourceLocation: sourceLocation) else { return nil }
        return try #require(report.results.first { $0.name == name }, "scenario \(name) missing from the report",
                            sourceLocation: sourceLocation)
    }
}
