import ArgumentParser
import Foundation
import VesselTestbed

struct BootCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "boot",
        abstract: "Run one vessel command inside L2 and stream the guest's console (for hosts without usable KVM).",
        discussion: """
            Example: vessel-testbed boot -- vm run --kernel "$VMLINUZ" --initrd "$INITRD" --cmdline "console=ttyS0 quiet"
            Inside L2, VMLINUZ, VMLINUX and INITRD name the guest assets; quote them for the local shell.
            """)

    @OptionGroup var common: CommonOptions

    @Argument(parsing: .postTerminator, help: "Arguments for vessel (after --).")
    var vesselArguments: [String] = []

    func run() throws {
        guard !vesselArguments.isEmpty else { throw ValidationError("give the vessel arguments after --") }
        FileHandle.standardOutput.write(Data(
            "Note: this run is emulated (nested QEMU TCG, an L2 host with kvm-amd) and slow; expect tens of seconds.\n".utf8))
        let vessel = try common.vesselBinary(required: true)
        // $VMLINUZ etc. stay unquoted-expandable so users can write them literally.
        let words = vesselArguments.map { word in
            ["$VMLINUZ", "$VMLINUX", "$INITRD", "$VESSEL_ASSETS"].contains(word) ? "\"\(word)\"" : ShellQuoting.quote(word)
        }
        let scenario = Scenario(name: "boot", script: "exec vessel " + words.joined(separator: " ") + "\n",
                                timeoutSeconds: 3600)
        let configuration = try common.configuration(
            vessel: vessel, includeQEMU: false, interactive: isatty(0) == 1,
            onScenarioOutput: { _, line in
                FileHandle.standardOutput.write(Data((line + "\n").utf8))
            })
        var bootConfiguration = configuration
        bootConfiguration.maxAttempts = 1
        let results = try Testbed(configuration: bootConfiguration).run([scenario])
        guard let result = results.first, let status = result.exitStatus else {
            StandardError.print("vessel-testbed: the L2 host stopped before vessel finished")
            throw ExitCode(2)
        }
        if status != 0 { throw ExitCode(status) }
    }
}
