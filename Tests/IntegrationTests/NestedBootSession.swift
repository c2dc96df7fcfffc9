import Foundation
import VesselTestbed

/// The one L2 session all nested boot tests share (an L2 boot costs tens of seconds of CPU).
enum NestedBootSession {
    static let token = String(UInt64.random(in: 1...UInt64.max), radix: 36)

    enum Name {
        static let bzImage = "vessel-bzimage"
        static let pvh = "vessel-pvh-vmlinux"
        static let qemuMicrovm = "qemu-microvm"
    }

    enum Outcome: Sendable {
        case skipped(String)
        case ran(TestbedReport)
        case failed(String)
    }

    static func scenarios(includeVessel: Bool) -> [Scenario] {
        let cmdline = ShellQuoting.quote(GuestReport.commandLine(token: token))
        var scenarios: [Scenario] = []
        if includeVessel {
            scenarios.append(Scenario(
                name: Name.bzImage,
                script: #"vessel vm run --kernel "$VMLINUZ" --initrd "$INITRD" --cpus 2 --memory 256 --cmdline "# + cmdline,
                timeoutSeconds: 240))
            scenarios.append(Scenario(
                name: Name.pvh,
                script: #"vessel vm run --kernel "$VMLINUX" --initrd "$INITRD" --cpus 2 --memory 256 --cmdline "# + cmdline,
                timeoutSeconds: 240))
        }
        scenarios.append(Scenario(
            name: Name.qemuMicrovm,
            script: #""$QEMU" -M microvm -enable-kvm -cpu host -smp 2 -m 256 -nodefaults -no-user-config "#
                + #"-nographic -serial stdio -no-reboot -kernel "$VMLINUZ" -initrd "$INITRD" -append "# + cmdline,
            timeoutSeconds: 240))
        return scenarios
    }

    static let outcome: Outcome = {
        guard let assets = IntegrationEnvironment.assets else {
            return .skipped("guest assets missing, run scripts/fetch-guest-assets")
        }
        let vessel = IntegrationEnvironment.vesselBinary
        let configuration = TestbedConfiguration(
            assetsDirectory: assets.directory, vesselBinary: vessel, includeQEMU: true, includeVmlinux: true,
            onProgress: { print("vessel-testbed: \($0)") })
        do {
            let report = try Testbed(configuration: configuration).runReport(scenarios(includeVessel: vessel != nil))
            for result in report.results {
                print("=== \(result.name): exit \(result.exitStatus.map(String.init) ?? "none"), attempt \(result.attempts)")
                print(result.output)
            }
            return .ran(report)
        } catch {
            return .failed("\(error)")
        }
    }()
}
