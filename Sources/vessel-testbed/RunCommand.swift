import ArgumentParser
import Foundation
import VesselTestbed

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run scenario scripts inside one L2 session (re-running those a frozen L2 left unfinished).",
        discussion: """
            Each file is a shell script run inside L2 with vessel and qemu-system-x86_64 on PATH and
            VESSEL_ASSETS, VMLINUZ, VMLINUX, INITRD and QEMU set. The scenario is named after the file.
            """)

    @OptionGroup var common: CommonOptions

    @Option(help: "Seconds (L2 time) before a scenario is killed.")
    var timeout: Int = 300

    @Argument(help: "Scenario scripts.")
    var scenarioFiles: [String]

    func run() throws {
        guard !scenarioFiles.isEmpty else { throw ValidationError("give at least one scenario file") }
        var scenarios: [Scenario] = []
        for file in scenarioFiles {
            guard let script = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw ValidationError("cannot read scenario file \(file)")
            }
            let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
            scenarios.append(Scenario(name: name, script: script, timeoutSeconds: timeout))
        }
        let testbed = Testbed(configuration: try common.configuration(vessel: try common.vesselBinary(required: false)))
        let report = try testbed.runReport(scenarios)
        for result in report.results {
            print("=== \(result.name)")
            if !result.output.isEmpty { print(result.output) }
            let status = result.exitStatus.map { "exit status \($0)" } ?? "UNFINISHED"
            let time = result.l2Seconds.map { String(format: ", %.2f s L2 time", $0) } ?? ""
            print("=== \(result.name): \(result.succeeded ? "PASS" : "FAIL") (\(status), attempt \(result.attempts)\(time))")
        }
        for session in report.sessions {
            print(String(format: "session %d: %d scenario(s), %.1f s wall, %.1f s CPU", session.attempt,
                         session.scenarioNames.count, session.wallSeconds, session.cpuSeconds) + ", \(session.ending)")
        }
        if !report.allSucceeded { throw ExitCode(1) }
    }
}
