import ArgumentParser
import Foundation
import VesselImages

struct PullCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Pull an image from a registry (OCI distribution API over https; plain http only for loopback or with --insecure)."
    )

    @OptionGroup var store: StoreOptions

    @Flag(help: "Do not verify the registry's TLS certificate, and allow plain http for a registry that is not on loopback.")
    var insecure = false

    @Option(help: ArgumentHelp(
        "Directory with the registry's CA certificates (*.crt) and client certificate (*.cert, *.key).",
        discussion: "Default: the HOST[:PORT] directories under /etc/vessel/certs.d, /etc/containers/certs.d and /etc/docker/certs.d."))
    var certDir: String?

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
                tls: RegistryTLS(certificateDirectory: certDir),
                timeoutSeconds: max(1, timeout), progress: progress.handle)
            return try puller.pull(parsed)
        }
        print("Pulled: \(record.name) (\(record.id.shortHex))")
    }
}
