import ArgumentParser

struct VesselCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vessel",
        abstract: "Fast, strongly isolated microVMs and containers.",
        subcommands: [VMCommand.self,
                      RunCommand.self, PullCommand.self, PsCommand.self, LogsCommand.self, ExecCommand.self, StopCommand.self, RmCommand.self,
                      InspectCommand.self, ImageCommand.self, ImagesCommand.self, RmiCommand.self, ContainerMonitorCommand.self]
    )
}
