import ArgumentParser
import VesselContainers

struct StopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stop", abstract: "Stop containers: SIGTERM, then SIGKILL after a timeout.")

    @OptionGroup var store: StoreOptions

    @Option(name: [.customShort("t"), .customLong("time")], help: "Seconds to wait after SIGTERM before SIGKILL.")
    var time = 10

    @Argument(help: "Container names or IDs.")
    var containers: [String]

    func run() throws {
        let engine = try store.engine()
        try failingCleanly {
            for container in containers {
                try engine.stop(try engine.containers.lookup(container), timeout: max(0, time))
                print(container)
            }
        }
    }
}
