import Foundation

/// The nested test bed: boots an L2 host under QEMU TCG with kvm-amd loaded, runs scenarios in it, and
/// re-runs the scenarios a frozen or crashed L2 left unfinished in fresh sessions.
public struct Testbed: Sendable {
    public let configuration: TestbedConfiguration

    public init(configuration: TestbedConfiguration) {
        self.configuration = configuration
    }

    /// Runs the scenarios (in as few L2 sessions as possible) and returns one result per scenario, in order.
    public func run(_ scenarios: [Scenario]) throws -> [ScenarioResult] {
        try runReport(scenarios).results
    }

    /// Like `run`, and also describes every L2 session it took.
    public func runReport(_ scenarios: [Scenario]) throws -> TestbedReport {
        try validate(scenarios)
        guard !scenarios.isEmpty else { return TestbedReport(results: [], sessions: []) }
        let workDirectory = try makeWorkDirectory()
        defer {
            if !configuration.keepWorkDirectory && configuration.workDirectory == nil {
                try? FileManager.default.removeItem(atPath: workDirectory)
            }
        }
        if configuration.keepWorkDirectory || configuration.workDirectory != nil {
            configuration.onProgress?("work directory: \(workDirectory)")
        }
        let initramfs = L2Initramfs(configuration: configuration, workDirectory: workDirectory)
        let base = try initramfs.buildBase()
        let marker = "@@vessel-testbed:\(UInt64.random(in: 1...UInt64.max)):"

        var results: [Int: ScenarioResult] = [:]
        var partialOutputs: [Int: String] = [:]
        var sessions: [SessionSummary] = []
        var pending = Array(scenarios.enumerated()).map { (index: $0.offset, scenario: $0.element) }
        var attempt = 0
        while !pending.isEmpty && attempt < max(1, configuration.maxAttempts) {
            attempt += 1
            configuration.onProgress?(
                "attempt \(attempt): booting L2 for \(pending.count) scenario(s): \(pending.map(\.scenario.name).joined(separator: ", "))")
            let archive = try initramfs.buildSession(base: base.archive, libraryDirectories: base.libraryDirectories,
                                                     marker: marker, scenarios: pending, attempt: attempt)
            let session = L2Session(configuration: configuration, attempt: attempt, initramfs: archive,
                                    workDirectory: workDirectory, marker: marker, scenarios: pending)
            let outcome = try session.run()
            try? FileManager.default.removeItem(atPath: archive)
            if configuration.cancellation?.isCancelled == true { throw TestbedError.cancelled }
            sessions.append(outcome.summary)
            configuration.onProgress?(
                "attempt \(attempt): \(describe(outcome.summary.ending)) after \(String(format: "%.1f", outcome.summary.wallSeconds)) s wall, \(String(format: "%.1f", outcome.summary.cpuSeconds)) s CPU; finished \(outcome.finished.count)/\(pending.count)")
            for (index, finished) in outcome.finished {
                results[index] = ScenarioResult(name: scenarios[index].name, exitStatus: finished.exitStatus,
                                                output: finished.output, attempts: attempt,
                                                l2Seconds: finished.l2Seconds)
            }
            if let partial = outcome.partial { partialOutputs[partial.index] = partial.output }
            pending.removeAll { results[$0.index] != nil }
            if let fatal = outcome.fatal {
                // A broken L2 setup is not a freeze: retrying would fail the same way.
                for entry in pending {
                    results[entry.index] = ScenarioResult(
                        name: entry.scenario.name, exitStatus: nil,
                        output: "L2 setup failed: \(fatal)\n\(outcome.diagnostics)", attempts: attempt)
                }
                pending = []
            } else if !pending.isEmpty && outcome.summary.ending == .completed {
                break
            } else if !pending.isEmpty && !outcome.diagnostics.isEmpty {
                configuration.onProgress?("attempt \(attempt): last console lines:\n\(outcome.diagnostics)")
            }
        }
        for entry in pending {
            let partial = partialOutputs[entry.index].map { "\($0)\n" } ?? ""
            results[entry.index] = ScenarioResult(
                name: entry.scenario.name, exitStatus: nil,
                output: partial + "vessel-testbed: scenario unfinished after \(attempt) L2 session(s)",
                attempts: attempt)
        }
        let ordered = scenarios.indices.compactMap { results[$0] }
        return TestbedReport(results: ordered, sessions: sessions)
    }

    private func describe(_ ending: SessionSummary.Ending) -> String {
        switch ending {
        case .completed: return "L2 completed"
        case .silent(let seconds): return "L2 stopped after \(seconds) s without heartbeat"
        case .exitedEarly(let status): return "L2 exited early (QEMU status \(status))"
        }
    }

    private func validate(_ scenarios: [Scenario]) throws {
        var seen = Set<String>()
        for scenario in scenarios {
            guard !scenario.name.isEmpty else {
                throw TestbedError.invalidScenario(name: scenario.name, reason: "empty name")
            }
            guard seen.insert(scenario.name).inserted else {
                throw TestbedError.invalidScenario(name: scenario.name, reason: "duplicate name")
            }
            guard scenario.timeoutSeconds > 0 else {
                throw TestbedError.invalidScenario(name: scenario.name, reason: "timeout must be positive")
            }
        }
    }

    private func makeWorkDirectory() throws -> String {
        if let directory = configuration.workDirectory {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            return directory
        }
        var template = Array((NSTemporaryDirectory() + "/vessel-testbed.XXXXXX").utf8CString)
        guard let created = mkdtemp(&template) else {
            throw TestbedError.systemCall(name: "mkdtemp", errno: errno)
        }
        return String(cString: created)
    }
}
