import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `vessel image load`: an OCI image layout (a directory or a tar of one) or a docker-archive tar (`docker save`).
/// A failed load leaves the store as it was: blobs and snapshots it added are removed again.
public struct ImageLoader {
    public let store: ImageStore
    public let platform: Platform
    /// The name for a single-image archive (it replaces the archive's own), or for images whose archive does not
    /// carry a full one (an OCI layout tagged just `latest`).
    public let name: ImageReference?
    public let progress: ProgressHandler?

    public init(store: ImageStore, platform: Platform = .linuxAMD64, name: ImageReference? = nil, progress: ProgressHandler? = nil) {
        self.store = store
        self.platform = platform
        self.name = name
        self.progress = progress
    }

    public func load(path: String) throws -> [ImageRecord] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ImageError(.notFound, "no such file or directory: \(path)")
        }
        let blobsBefore = Set(store.content.allDigests())
        let snapshotsBefore = Set(store.snapshots.all())
        do {
            if isDirectory.boolValue { return try load(directory: path, origin: path) }
            let scratch = try extract(archive: path)
            defer { try? FileTree.remove(path: scratch) }
            return try load(directory: scratch, origin: path)
        } catch {
            let kept = store.records()
            let liveBlobs = kept.reduce(into: Set<Digest>()) { $0.formUnion($1.blobs) }
            let liveSnapshots = kept.reduce(into: Set<Digest>()) { $0.formUnion($1.diffIDs) }
            for digest in Set(store.content.allDigests()).subtracting(blobsBefore) where !liveBlobs.contains(digest) {
                store.content.delete(digest)
            }
            for diffID in Set(store.snapshots.all()).subtracting(snapshotsBefore) where !liveSnapshots.contains(diffID) {
                try? store.snapshots.remove(diffID)
            }
            throw error
        }
    }

    /// Unpacks an archive into a scratch directory under the store (confined like any layer).
    private func extract(archive: String) throws -> String {
        let scratch = store.root + "/tmp/load-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        do {
            let unpacker = try LayerUnpacker(rootPath: scratch)
            try unpacker.apply(TarReader(source: try LayerCompression.openUncompressed(path: archive)))
        } catch {
            try? FileTree.remove(path: scratch)
            if let error = error as? ImageError, error.code == .corrupt {
                throw ImageError(.corrupt, "\(archive) is not a valid image archive: \(error.message)")
            }
            throw error
        }
        return scratch
    }

    private func load(directory: String, origin: String) throws -> [ImageRecord] {
        let manager = FileManager.default
        if manager.fileExists(atPath: directory + "/index.json") {
            return try loadLayout(directory: directory, origin: origin)
        }
        if manager.fileExists(atPath: directory + "/manifest.json") {
            return try loadDockerArchive(directory: directory, origin: origin)
        }
        throw ImageError(.invalidInput, "\(origin) is neither an OCI image layout (no index.json) nor a docker-archive (no manifest.json)")
    }

    // MARK: OCI layout

    private func loadLayout(directory: String, origin: String) throws -> [ImageRecord] {
        guard let indexData = FileManager.default.contents(atPath: directory + "/index.json") else {
            throw ImageError(.system, "cannot read \(origin)/index.json")
        }
        let index = try store.decode(ImageIndex.self, indexData, what: "index.json")
        guard !index.manifests.isEmpty else { throw ImageError(.invalidInput, "\(origin) holds no images (index.json is empty)") }
        var loaded: [ImageRecord] = []
        for entry in index.manifests {
            let reference: ImageReference
            if index.manifests.count == 1, let name {
                reference = name
            } else {
                reference = try referenceForLayoutEntry(entry, origin: origin)
            }
            try copyBlob(entry, from: directory)
            var manifestDescriptor = entry
            var indexDigest: Digest?
            switch try store.classify(try store.content.data(of: entry.digest), declaredType: entry.mediaType) {
            case .index(let nested):
                indexDigest = entry.digest
                manifestDescriptor = try store.choose(nested, platform: platform)
                try copyBlob(manifestDescriptor, from: directory)
            case .manifest:
                break
            }
            let manifest = try store.decode(ImageManifest.self, try store.content.data(of: manifestDescriptor.digest), what: "image manifest")
            try copyBlob(manifest.config, from: directory)
            for layer in manifest.layers { try copyBlob(layer, from: directory) }
            loaded.append(try store.register(name: reference, indexDigest: indexDigest, manifestDigest: manifestDescriptor.digest,
                                             platform: platform, progress: progress))
        }
        return loaded
    }

    private func referenceForLayoutEntry(_ entry: Descriptor, origin: String) throws -> ImageReference {
        let annotations = entry.annotations ?? [:]
        if let full = annotations["io.containerd.image.name"] { return try ImageReference(parsing: full) }
        let refName = annotations["org.opencontainers.image.ref.name"]
        if let refName, refName.contains("/") || refName.contains(":") { return try ImageReference(parsing: refName) }
        if let name {
            guard let refName else { return name }
            return ImageReference(registry: name.registry, repository: name.repository, tag: refName, digest: nil)
        }
        throw ImageError(.invalidInput, "\(origin) does not name its image\(refName.map { " (only the tag \"\($0)\")" } ?? ""): give one with --name")
    }

    private func copyBlob(_ descriptor: Descriptor, from directory: String) throws {
        if store.content.contains(descriptor.digest) {
            progress?(TransferProgress(digest: descriptor.digest, phase: .alreadyPresent, completed: descriptor.size, total: descriptor.size))
            return
        }
        let path = directory + "/blobs/sha256/" + descriptor.digest.hex
        guard FileManager.default.fileExists(atPath: path) else {
            throw ImageError(.corrupt, "blob \(descriptor.digest) is missing from the layout")
        }
        try store.content.copy(fileAt: path, expected: descriptor.digest, expectedSize: descriptor.size)
        progress?(TransferProgress(digest: descriptor.digest, phase: .done, completed: descriptor.size, total: descriptor.size))
    }

    // MARK: docker-archive

    private struct ArchiveEntry: Decodable {
        var config: String
        var repoTags: [String]?
        var layers: [String]

        enum CodingKeys: String, CodingKey {
            case config = "Config"
            case repoTags = "RepoTags"
            case layers = "Layers"
        }
    }

    private func loadDockerArchive(directory: String, origin: String) throws -> [ImageRecord] {
        guard let data = FileManager.default.contents(atPath: directory + "/manifest.json") else {
            throw ImageError(.system, "cannot read \(origin)/manifest.json")
        }
        let entries = try store.decode([ArchiveEntry].self, data, what: "docker-archive manifest.json")
        guard !entries.isEmpty else { throw ImageError(.invalidInput, "\(origin) holds no images") }
        var loaded: [ImageRecord] = []
        for entry in entries {
            let names = try (entry.repoTags ?? []).map { try ImageReference(parsing: $0) }
            guard let primary = names.first ?? name else {
                throw ImageError(.invalidInput, "\(origin) has an image without a tag: give one with --name")
            }
            let configPath = try confined(entry.config, in: directory)
            let configDigest = try store.content.copy(fileAt: configPath)
            var layers: [Descriptor] = []
            for layer in entry.layers {
                let layerPath = try confined(layer, in: directory)
                let digest = try store.content.copy(fileAt: layerPath)
                let mediaType: String
                switch try LayerCompression.detect(path: layerPath) {
                case .gzip: mediaType = MediaType.dockerLayerGzip
                case .zstd: mediaType = MediaType.ociLayerZstd
                case .none: mediaType = MediaType.dockerLayer
                }
                layers.append(Descriptor(mediaType: mediaType, digest: digest, size: store.content.size(of: digest) ?? 0))
                progress?(TransferProgress(digest: digest, phase: .done, completed: layers.last?.size ?? 0, total: layers.last?.size ?? 0))
            }
            let manifest = ImageManifest(
                mediaType: MediaType.dockerManifest,
                config: Descriptor(mediaType: MediaType.dockerConfig, digest: configDigest, size: store.content.size(of: configDigest) ?? 0),
                layers: layers)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let manifestDigest = try store.content.write(try encoder.encode(manifest))
            let record = try store.register(name: primary, indexDigest: nil, manifestDigest: manifestDigest, platform: platform, progress: progress)
            loaded.append(record)
            for extra in names.dropFirst() {
                var alias = record
                alias.name = extra.description
                try store.withLock { try store.save(alias) }
                loaded.append(alias)
            }
        }
        return loaded
    }

    /// A path named inside an archive, checked to stay inside it.
    private func confined(_ relative: String, in directory: String) throws -> String {
        let components = try LayerUnpacker.components(of: relative)
        guard !components.isEmpty else { throw ImageError(.corrupt, "empty path in docker-archive manifest") }
        let path = directory + "/" + components.joined(separator: "/")
        var status = stat()
        guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            throw ImageError(.corrupt, "docker-archive file \(relative) is missing or not a regular file")
        }
        return path
    }
}
