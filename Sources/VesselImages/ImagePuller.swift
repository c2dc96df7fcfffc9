/// `vessel pull`: resolves a reference at its registry, picks the platform from an index, downloads the manifest,
/// config and layers into the content store (completed blobs are never fetched again), unpacks and names the image.
public struct ImagePuller {
    public let store: ImageStore
    public let platform: Platform
    public let insecure: Bool
    public let credentials: RegistryCredentials
    public let tls: RegistryTLS
    public let timeoutSeconds: Int
    public let progress: ProgressHandler?

    public init(store: ImageStore, platform: Platform = .linuxAMD64, insecure: Bool = false,
                credentials: RegistryCredentials = RegistryCredentials(), tls: RegistryTLS = RegistryTLS(), timeoutSeconds: Int = 30, progress: ProgressHandler? = nil) {
        self.store = store
        self.platform = platform
        self.insecure = insecure
        self.credentials = credentials
        self.tls = tls
        self.timeoutSeconds = timeoutSeconds
        self.progress = progress
    }

    public func pull(_ reference: ImageReference) throws -> ImageRecord {
        let client = try RegistryClient(registry: reference.registry, insecure: insecure, credentials: credentials, tls: tls, timeoutSeconds: timeoutSeconds)
        let repository = reference.repository
        let top = try client.manifest(repository: repository, reference: reference.manifestReference, expected: reference.digest)
        var indexDigest: Digest?
        var manifestDigest = top.digest
        var manifestData = top.data
        switch try store.classify(top.data, declaredType: top.mediaType) {
        case .index(let index):
            indexDigest = top.digest
            let chosen = try store.choose(index, platform: platform)
            let fetched = try client.manifest(repository: repository, reference: chosen.digest.description, expected: chosen.digest)
            guard case .manifest = try store.classify(fetched.data, declaredType: fetched.mediaType) else {
                throw ImageError(.unsupported, "the index entry for \(platform) is not an image manifest")
            }
            manifestDigest = fetched.digest
            manifestData = fetched.data
        case .manifest:
            break
        }
        let manifest = try store.decode(ImageManifest.self, manifestData, what: "image manifest")
        for layer in manifest.layers where !MediaType.layers.contains(layer.mediaType) {
            throw ImageError(.unsupported, "unsupported layer media type \(layer.mediaType)")
        }
        try client.fetchBlob(manifest.config, repository: repository, into: store.content, progress: nil)
        for layer in manifest.layers {
            try client.fetchBlob(layer, repository: repository, into: store.content, progress: progress)
        }
        if let indexDigest { try store.content.write(top.data, expected: indexDigest) }
        try store.content.write(manifestData, expected: manifestDigest)
        let name = reference.tag == nil && reference.digest != nil
            ? ImageReference(registry: reference.registry, repository: reference.repository, tag: nil, digest: reference.digest)
            : ImageReference(registry: reference.registry, repository: reference.repository, tag: reference.tag, digest: nil)
        return try store.register(name: name, indexDigest: indexDigest, manifestDigest: manifestDigest, platform: platform, progress: progress)
    }
}
