import ArgumentParser

struct ImageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image",
        abstract: "Manage images: load, list, remove, prune.",
        subcommands: [ImageLoadCommand.self, ImageListCommand.self, ImageRemoveCommand.self, ImagePruneCommand.self]
    )
}
