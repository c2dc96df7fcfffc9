import ArgumentParser
import Foundation
import VesselImages

struct PullCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Pull an image from a registry (OCI distribution API over https; plain http only for loopback or with --insecure)."
    )

    @OptionGroup var store: StoreOptions

    @OptionGroup var registry: RegistryOptions

    @Option(help: "Platform to choose from a multi-platform image (os/arch[/variant]).")
    var platform: String = Platform.linuxAMD64.description

    @Argument(help: "Image reference, e.g. 127.0.0.1:5000/app:1.")
    var reference: String

    func run() throws {
        let images = try store.imageStore()
        let progress = ProgressPrinter()
        let record = try failingCleanly {
            let parsed = try ImageReference(parsing: reference)
            return try registry.puller(into: images, platform: try Platform(parsing: platform), progress: progress.handle).pull(parsed)
        }
        print("Pulled: \(record.name) (\(record.id.shortHex))")
    }
}
