import Testing
import VesselTestbed

extension NestedTestbedTests {
/// Boots Debian's cloud kernel as an L3 guest inside the nested test bed (one shared L2 session).
@Suite("Nested Linux boot")
struct NestedBootTests {
    static let memoryRangeKiB = (200 * 1024)...(256 * 1024)

    @Test("vessel boots the bzImage with 2 vCPUs and 256 MiB")
    func bzImageBoot() throws {
        try checkVesselScenario(NestedBootSession.Name.bzImage)
    }

    @Test("vessel boots the ELF vmlinux through its PVH entry")
    func pvhBoot() throws {
        try checkVesselScenario(NestedBootSession.Name.pvh)
    }

    @Test("QEMU microvm boots the same guest inside L2 (harness check and benchmark peer)")
    func qemuMicrovmBoot() throws {
        guard let result = try NestedBootSession.outcome.scenario(NestedBootSession.Name.qemuMicrovm) else { return }
        checkGuest(result)
    }

    @Test("host input reaches the guest's shell through the UART")
    func consoleInput() throws {
        guard let result = try vesselScenarioResult(NestedBootSession.Name.consoleInput) else { return }
        #expect(result.exitStatus == 0, "\(result.output)")
        #expect(result.output.contains("TYPED-42"), "the typed command's output is missing:\n\(result.output)")
    }

    @Test("a guest reboot through the i8042 reset line ends vessel with status 0")
    func keyboardControllerReboot() throws {
        guard let result = try vesselScenarioResult(NestedBootSession.Name.keyboardReboot) else { return }
        #expect(result.exitStatus == 0, "\(result.output)")
        #expect(result.output.contains("reboot: Restarting system"), "\(result.output)")
        #expect(!result.output.contains("Power down"))
        #expect(result.output.contains("stderr: \n") || result.output.hasSuffix("stderr: "), "vessel wrote to stderr:\n\(result.output)")
    }

    @Test("SIGTERM stops a running guest cleanly with status 143")
    func sigtermStopsTheGuest() throws {
        guard let result = try vesselScenarioResult(NestedBootSession.Name.sigterm) else { return }
        #expect(result.output.contains("vessel exit status 143"), "\(result.output)")
    }

    @Test("the guest reads host entropy from a virtio-rng device found through the DSDT")
    func virtioEntropy() throws {
        guard let result = try vesselScenarioResult(NestedBootSession.Name.entropy) else { return }
        #expect(result.exitStatus == 0, "\(result.output)")
        #expect(result.output.contains("virtio_rng"), "the guest did not bind virtio-rng:\n\(result.output)")
        #expect(result.output.contains("HWRNG-BYTES 4096"), "\(result.output)")
    }

    private func vesselScenarioResult(_ name: String) throws -> ScenarioResult? {
        guard IntegrationEnvironment.vesselBinary != nil else {
            Issue.record("vessel binary not found next to the test bundle; set VESSEL_BINARY")
            return nil
        }
        return try NestedBootSession.outcome.scenario(name)
    }

    private func checkVesselScenario(_ name: String) throws {
        guard IntegrationEnvironment.vesselBinary != nil else {
            Issue.record("vessel binary not found next to the test bundle; set VESSEL_BINARY")
            return
        }
        guard let result = try NestedBootSession.outcome.scenario(name) else { return }
        checkGuest(result)
    }

    private func checkGuest(_ result: ScenarioResult) {
        #expect(result.exitStatus == 0, "\(result.name) exited with \(String(describing: result.exitStatus)):\n\(result.output)")
        let report = GuestReport(consoleOutput: result.output)
        #expect(report.token == NestedBootSession.token, "token missing from \(result.name)'s console")
        #expect(report.cpus == 2)
        if let memory = report.memTotalKiB {
            #expect(Self.memoryRangeKiB.contains(memory), "MemTotal \(memory) KiB outside 200-256 MiB")
        } else {
            Issue.record("no MemTotal line in \(result.name)'s console")
        }
    }
}
}
