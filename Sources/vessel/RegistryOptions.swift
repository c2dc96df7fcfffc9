import ArgumentParser
import VesselImages

/// How to reach registries: shared by `vessel pull` and the pull `vessel run` does for a missing image.
struct RegistryOptions: ParsableArguments {
    @Flag(help: "Do not verify TLS certificates, and allow plain http, for every host this pull talks to (registry, token realm, redirects).")
    var insecure = false

    @Option(help: ArgumentHelp(
        "Directory with the registry's CA certificates (*.crt) and client certificate (*.cert, *.key).",
        discussion: "Default: the HOST[:PORT] directories under /etc/vessel/certs.d, /etc/containers/certs.d and /etc/docker/certs.d."))
    var certDir: String?

    @Option(help: "Credentials file in docker's config.json format (default: $VESSEL_AUTH_FILE or ~/.docker/config.json).")
    var authfile: String?

    @Option(help: "Seconds to wait for the registry before giving up.")
    var timeout = 30

    func puller(into images: ImageStore, platform: Platform, progress: @escaping ProgressHandler) throws -> ImagePuller {
        ImagePuller(
            store: images, platform: platform, insecure: insecure,
            credentials: try RegistryCredentials(fileAt: authfile ?? RegistryCredentials.defaultPath()),
            tls: RegistryTLS(certificateDirectory: certDir),
            timeoutSeconds: max(1, timeout), progress: progress)
    }
}
