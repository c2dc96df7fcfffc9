import ArgumentParser
import Foundation
import VesselImages

struct PullCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Pull an image from a registry (OCI distribution API; plain http for loopback or with --insecure)."
    )

    @OptionGroup var store: StoreOptions

    @Flag(help: "Use plain http for a registry that is not on loopback.")
    var insecure = false

    @Option(help: "Platform to choose from a multi-platform image (os/arch[/variant]).")
    var platform: String = Platform.linuxAMD64.description

    @Option(help: "Credentials file in docker's config.json format (default: $VESSEL_AUTH_FILE or ~/.docker/config.json).")
    var authfile: String?

    @Option(help: "Seconds to wait for the registry before giving up.")
    var timeout = 30

    @Argument(help: "Image reference, e.g. 127.0.0.1:5000/app:1.")
    var reference: String

    func run() throws {
        let images = try store.imageStore()
        let progress = ProgressPrinter()
        let record = try failingCleanly {
            let parsed = try ImageReference(parsing: reference)
            let puller = ImagePuller(
                store: images, platform: try Platform(parsing: platform), insecure: insecure,
                credentials: try RegistryCredentials(fileAt: authfile ?? RegistryCredentials.defaultPath()),
                timeoutSeconds: max(1, timeout), progress: progress.handle)
            return try puller.pull(parsed)
        }
        print("Pulled: \(record.name) (\(record.id.shortHex))")
    }
}
