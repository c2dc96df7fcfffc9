import ArgumentParser
import Foundation
import VesselContainers

struct PsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ps", abstract: "List containers (running ones unless -a).")

    @OptionGroup var store: StoreOptions

    @Flag(name: .shortAndLong, help: "Show all containers, exited ones too.")
    var all = false

    @Flag(name: .shortAndLong, help: "Only print container IDs (12 characters), one per line.")
    var quiet = false

    @Option(help: "Output format: table or json.")
    var format: OutputFormat = .table

    struct Row: Encodable {
        var id: String
        var name: String
        var image: String
        var command: [String]
        var state: String
        var exitCode: Int32?
        var created: Double
    }

    func run() throws {
        let engine = try store.engine()
        let records = engine.containers.all().map(engine.refreshed).filter { all || $0.state == .running }
        let rows = records.map {
            Row(id: $0.id, name: $0.name, image: $0.image, command: $0.command, state: $0.state.rawValue, exitCode: $0.exitCode, created: $0.created)
        }
        if quiet {
            for row in rows { print(row.id.prefix(12)) }
            return
        }
        if format == .json {
            try JSONOutput.print(rows)
            return
        }
        let now = Date().timeIntervalSince1970
        TableOutput.print(
            headers: ["CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "NAMES"],
            rows: rows.map { row in
                let status = row.state == "exited" ? "Exited (\(row.exitCode.map(String.init) ?? "unknown"))" : row.state.capitalized
                let command = row.command.joined(separator: " ")
                return [String(row.id.prefix(12)), row.image, "\"" + (command.count > 20 ? String(command.prefix(19)) + "…" : command) + "\"",
                        TableOutput.age(since: row.created, now: now), status, row.name]
            })
    }
}
