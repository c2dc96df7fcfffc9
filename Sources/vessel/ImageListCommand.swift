import ArgumentParser
import Foundation
import VesselImages

struct ImageListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List images.", aliases: ["list"])

    @OptionGroup var store: StoreOptions

    @Flag(name: .shortAndLong, help: "Only print image IDs (12 characters), one per line, each once.")
    var quiet = false

    @Option(help: "Output format: table or json.")
    var format: OutputFormat = .table

    struct Row: Encodable {
        var name: String
        var repository: String
        var tag: String
        var id: String
        var digest: String
        var platform: String
        var created: Double
        var size: Int64
    }

    func run() throws {
        let records = try store.imageStore().records()
        let rows = records.map { record in
            let reference = try? ImageReference(parsing: record.name)
            return Row(name: record.name, repository: reference?.familiarName ?? record.name, tag: reference?.tag ?? "<none>",
                       id: record.id.description, digest: record.manifestDigest.description, platform: record.platform,
                       created: record.created, size: record.size)
        }
        if quiet {
            var printed: Set<String> = []
            for row in rows where printed.insert(row.id).inserted { print(row.id.dropFirst(7).prefix(12)) }
            return
        }
        if format == .json {
            try JSONOutput.print(rows)
            return
        }
        let now = Date().timeIntervalSince1970
        TableOutput.print(
            headers: ["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"],
            rows: rows.map { [$0.repository, $0.tag, String($0.id.dropFirst(7).prefix(12)), TableOutput.age(since: $0.created, now: now),
                              ProgressPrinter.size($0.size)] })
    }
}

/// `vessel images`: the same as `vessel image ls`.
struct ImagesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "images", abstract: "List images (same as `image ls`).")

    @OptionGroup var list: ImageListCommand

    func run() throws { try list.run() }
}
