import ArgumentParser
import CVesselSys

/// The per-container monitor a detached `vessel run` starts in its own session (hidden: not for people).
struct ContainerMonitorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "container-monitor", abstract: "Monitor a detached container (internal).", shouldDisplay: false)

    @OptionGroup var store: StoreOptions

    @Argument var id: String

    func run() throws {
        // Whatever `vessel run -d` inherited (a caller's pipes) must not stay open for the container's lifetime:
        // its caller would wait for their EOF.
        _ = vessel_close_range(3, UInt32.max, 0)
        let engine = try store.engine()
        try exitWith(engine.monitor(id: id))
    }
}
