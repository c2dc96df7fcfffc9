import ArgumentParser

@main
struct VesselTestbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vessel-testbed",
        abstract: "Run Vessel inside a nested test bed: an emulated L2 host (QEMU TCG) with a real /dev/kvm.",
        subcommands: [RunCommand.self, BootCommand.self, BenchBootCommand.self, BenchNetCommand.self])
}
