import ArgumentParser
import VesselImages

struct ImageLoadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Load an image from an OCI image layout (directory or tar) or a docker-archive tar."
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "Platform to choose from a multi-platform image (os/arch[/variant]).")
    var platform: String = Platform.linuxAMD64.description

    @Option(help: "Name for an image whose archive does not carry a full one (e.g. an OCI layout tagged just 'latest').")
    var name: String?

    @Argument(help: "Path of the OCI layout or archive.")
    var path: String

    func run() throws {
        let images = try store.imageStore()
        let progress = ProgressPrinter()
        let records = try failingCleanly {
            let loader = ImageLoader(store: images, platform: try Platform(parsing: platform),
                                     name: try name.map { try ImageReference(parsing: $0) }, progress: progress.handle)
            return try loader.load(path: path)
        }
        for record in records {
            print("Loaded image: \(record.name) (\(record.id.shortHex))")
        }
    }
}
