import ArgumentParser

/// The per-container monitor a detached `vessel run` starts in its own session (hidden: not for people).
struct ContainerMonitorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "container-monitor", abstract: "Monitor a detached container (internal).", shouldDisplay: false)

    @OptionGroup var store: StoreOptions

    @Argument var id: String

    func run() throws {
        let engine = try store.engine()
        try exitWith(engine.monitor(id: id))
    }
}
