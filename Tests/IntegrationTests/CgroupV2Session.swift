import Foundation
import Testing
import VesselTestbed

/// The one L2 session, booted with cgroup v2 only, that all cgroup v2 runtime tests share.
enum CgroupV2Session {
    static let outcome: NestedSessionOutcome = {
        guard let assets = IntegrationEnvironment.assets else {
            return .skipped("guest assets missing, run scripts/fetch-guest-assets")
        }
        guard let runtime = CgroupV2Environment.runtimeBinary else {
            return .failed("vessel-runtime not found next to the test bundle; build it or set VESSEL_RUNTIME_BINARY")
        }
        guard FileManager.default.isExecutableFile(atPath: CgroupV2Environment.busybox) else {
            return .skipped("\(CgroupV2Environment.busybox) missing, install busybox-static")
        }
        // No L3 guests here: leave QEMU and the ELF kernel out so the initramfs stays small.
        let configuration = TestbedConfiguration(
            assetsDirectory: assets.directory, vesselBinary: nil, includeQEMU: false, includeVmlinux: false,
            l2MemoryMiB: 1024, l2KernelCommandLine: CgroupV2Environment.kernelCommandLine,
            extraFiles: ["/usr/local/bin/vessel-runtime": runtime],
            onProgress: { print("vessel-testbed: \($0)") })
        do {
            let report = try Testbed(configuration: configuration).runReport(CgroupV2Scenarios.all)
            for result in report.results {
                print("=== \(result.name): exit \(result.exitStatus.map(String.init) ?? "none"), attempt \(result.attempts), \(result.l2Seconds.map { String(format: "%.1f s in L2", $0) } ?? "")")
                print(result.output)
            }
            return .ran(report)
        } catch {
            return .failed("\(error)")
        }
    }()

    /// The scenario's report, or nil after printing SKIP (assets missing) or recording the test bed's failure.
    static func report(_ name: String) throws -> (CgroupV2Report, ScenarioResult)? {
        guard let result = try outcome.scenario(name) else { return nil }
        return (CgroupV2Report(output: result.output), result)
    }
}
