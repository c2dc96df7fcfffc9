import ArgumentParser
import Foundation
import VesselTestbed

struct BenchBootCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-boot",
        abstract: "Time boots to the guest's init marker: vessel against QEMU microvm, alternating, in one L2 session.")

    @OptionGroup var common: CommonOptions

    @Option(help: "Boot pairs (each pair boots both VMMs once).")
    var runs: Int = 5

    @Flag(help: "Boot QEMU microvm on both sides (validates the harness without vessel).")
    var peerOnly = false

    @Flag(help: "Print the VMMs' console output.")
    var showConsole = false

    func run() throws {
        guard runs > 0 else { throw ValidationError("--runs must be positive") }
        let benchmark: BootBenchmark
        let vessel: String?
        if peerOnly {
            vessel = nil
            benchmark = BootBenchmark(runs: runs, first: .qemuMicrovm(label: "qemu-a"),
                                      second: .qemuMicrovm(label: "qemu-b"))
        } else {
            vessel = try common.vesselBinary(required: true)
            benchmark = BootBenchmark(runs: runs, first: .vessel, second: .qemuMicrovm())
        }
        let configuration = try common.configuration(vessel: vessel, includeQEMU: true, includeVmlinux: false)
        let report = try Testbed(configuration: configuration).runReport(benchmark.scenarios())
        if showConsole {
            for result in report.results {
                print("=== \(result.name) (attempt \(result.attempts))")
                print(result.output)
            }
        }
        let bench = benchmark.report(from: report.results)
        print(bench.text)
        for session in report.sessions {
            print(String(format: "session %d: %.1f s wall, %.1f s CPU", session.attempt, session.wallSeconds,
                         session.cpuSeconds) + ", \(session.ending)")
        }
        if bench.failedCount > 0 { throw ExitCode(1) }
    }
}
