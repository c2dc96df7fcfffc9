import ArgumentParser
import VesselContainers

struct RmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove containers (a running one only with -f).")

    @OptionGroup var store: StoreOptions

    @Flag(name: .shortAndLong, help: "Kill and remove a running container.")
    var force = false

    @Argument(help: "Container names or IDs.")
    var containers: [String]

    func run() throws {
        let engine = try store.engine()
        try failingCleanly {
            for container in containers {
                try engine.remove(try engine.containers.lookup(container), force: force)
                print(container)
            }
        }
    }
}
