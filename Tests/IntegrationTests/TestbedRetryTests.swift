import Testing
import VesselTestbed

extension NestedTestbedTests {
    /// A silent L2 and a crashed L2 each cost one session; the unfinished scenarios finish in the next.
    @Suite("Test bed re-runs unfinished scenarios")
    struct TestbedRetryTests {
        static let unstable = """
            case "$VESSEL_TESTBED_ATTEMPT" in
            1) echo stopping heartbeat; kill -STOP "$(cat /run/vessel-testbed-heartbeat.pid)"; sleep 600 ;;
            2) echo crashing L2; echo c >/proc/sysrq-trigger; sleep 600 ;;
            *) echo recovered in attempt "$VESSEL_TESTBED_ATTEMPT" ;;
            esac
            """

        @Test func silentAndCrashedSessionsAreRetried() throws {
            guard let assets = IntegrationEnvironment.assets else {
                print("SKIP: guest assets missing, run scripts/fetch-guest-assets")
                return
            }
            let configuration = TestbedConfiguration(
                assetsDirectory: assets.directory, includeQEMU: false, includeVmlinux: false,
                heartbeatTimeoutSeconds: 10, heartbeatIntervalSeconds: 1, maxAttempts: 3,
                onProgress: { print("vessel-testbed: \($0)") })
            let report = try Testbed(configuration: configuration).runReport([
                Scenario(name: "steady", script: #"echo "steady in attempt $VESSEL_TESTBED_ATTEMPT""#),
                Scenario(name: "unstable", script: Self.unstable),
                Scenario(name: "after", script: "echo after; exit 7"),
            ])
            try #require(report.results.count == 3)
            let steady = report.results[0], unstable = report.results[1], after = report.results[2]
            #expect(steady.exitStatus == 0 && steady.attempts == 1)
            #expect(steady.output == "steady in attempt 1")
            #expect(unstable.exitStatus == 0 && unstable.attempts == 3)
            #expect(unstable.output.hasSuffix("recovered in attempt 3"))
            #expect(after.exitStatus == 7 && after.attempts == 3 && after.output == "after")
            #expect(report.sessions.map(\.attempt) == [1, 2, 3])
            #expect(report.sessions.map(\.ending).first.map { if case .silent = $0 { true } else { false } } == true)
            #expect(report.sessions.map(\.ending).dropFirst().first.map {
                if case .exitedEarly = $0 { true } else { false }
            } == true)
            #expect(report.sessions.last?.ending == .completed)
            #expect(report.sessions.first?.finishedScenarioNames == ["steady"])
        }
    }
}
