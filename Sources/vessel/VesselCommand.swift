import ArgumentParser

struct VesselCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vessel",
        abstract: "Fast, strongly isolated microVMs and containers.",
        subcommands: [VMCommand.self]
    )
}
