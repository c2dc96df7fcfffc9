import ArgumentParser

struct VMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vm",
        abstract: "Run microVMs on KVM.",
        subcommands: [VMRunCommand.self]
    )
}
