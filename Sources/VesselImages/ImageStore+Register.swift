import Foundation

extension ImageStore {
    /// Reads a manifest or index blob and tells which it is, by media type (or by shape when the type is absent).
    func classify(_ data: Data, declaredType: String?) throws -> ManifestDocument {
        struct Probe: Decodable {
            var mediaType: String?
            var manifests: [Descriptor]?
            var layers: [Descriptor]?
            var schemaVersion: Int?
        }
        let probe: Probe
        do {
            probe = try JSONDecoder().decode(Probe.self, from: data)
        } catch {
            throw ImageError(.corrupt, "manifest is not valid JSON: \(Self.describe(error))")
        }
        let type = probe.mediaType ?? declaredType.flatMap { $0.isEmpty || $0 == "application/json" ? nil : $0 }
            ?? (probe.manifests != nil ? MediaType.ociIndex : MediaType.ociManifest)
        if MediaType.indexes.contains(type) {
            return .index(try decode(ImageIndex.self, data, what: "image index"))
        }
        if MediaType.manifests.contains(type) {
            return .manifest(try decode(ImageManifest.self, data, what: "image manifest"))
        }
        if probe.schemaVersion == 1 || type.contains("v1+prettyjws") || type.contains("manifest.v1") {
            throw ImageError(.unsupported, "unsupported manifest media type \(type) (Docker schema 1 is not supported)")
        }
        throw ImageError(.unsupported, "unsupported manifest media type \(type)")
    }

    func decode<T: Decodable>(_ type: T.Type, _ data: Data, what: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as ImageError {
            throw error
        } catch {
            throw ImageError(.corrupt, "malformed \(what): \(Self.describe(error))")
        }
    }

    static func describe(_ error: Error) -> String {
        if let error = error as? ImageError { return error.message }
        if case DecodingError.keyNotFound(let key, _) = error { return "missing \"\(key.stringValue)\"" }
        if case DecodingError.typeMismatch(_, let context) = error { return "wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))" }
        if case DecodingError.dataCorrupted(let context) = error {
            if let underlying = context.underlyingError as? ImageError { return underlying.message }
            return "invalid data at \(context.codingPath.map(\.stringValue).joined(separator: ".")) \(context.debugDescription)"
        }
        return "\(error)"
    }

    /// Picks the manifest for `platform` from an index.
    func choose(_ index: ImageIndex, platform: Platform) throws -> Descriptor {
        let candidates = index.manifests.filter { MediaType.manifests.contains($0.mediaType) || $0.mediaType.isEmpty }
        if let match = candidates.first(where: { $0.platform.map(platform.accepts) ?? false }) { return match }
        // An index without platform fields (as some single-image OCI layouts are) has one candidate.
        if candidates.count == 1, candidates[0].platform == nil { return candidates[0] }
        let available = candidates.compactMap { $0.platform?.description }
        throw ImageError(.notFound, "no \(platform) image in the index (it has: \(available.isEmpty ? "none" : available.joined(separator: ", ")))")
    }

    /// With the manifest, config and layer blobs all in the content store: checks them, unpacks every layer into
    /// its snapshot and saves the named record.
    @discardableResult
    public func register(name: ImageReference, indexDigest: Digest?, manifestDigest: Digest, platform: Platform,
                         progress: ProgressHandler? = nil) throws -> ImageRecord {
        let manifest = try decode(ImageManifest.self, try content.data(of: manifestDigest), what: "image manifest")
        let configData = try content.data(of: manifest.config.digest)
        let configuration = try decode(ImageConfiguration.self, configData, what: "image config")
        if let imagePlatform = configuration.platform, !platform.accepts(imagePlatform) {
            throw ImageError(.notFound, "no \(platform) image: it is \(imagePlatform) (choose with --platform)")
        }
        guard configuration.rootfs.diffIDs.count == manifest.layers.count else {
            throw ImageError(.corrupt, "image config lists \(configuration.rootfs.diffIDs.count) layers, the manifest \(manifest.layers.count)")
        }
        for layer in manifest.layers where !MediaType.layers.contains(layer.mediaType) {
            throw ImageError(.unsupported, "unsupported layer media type \(layer.mediaType)")
        }
        for (layer, diffID) in zip(manifest.layers, configuration.rootfs.diffIDs) {
            progress?(TransferProgress(digest: layer.digest, phase: .unpacking, completed: 0, total: layer.size))
            try snapshots.unpack(layerAt: content.path(of: layer.digest), diffID: diffID)
            progress?(TransferProgress(digest: layer.digest, phase: .unpacked, completed: layer.size, total: layer.size))
        }
        let record = ImageRecord(
            name: name.description, indexDigest: indexDigest, manifestDigest: manifestDigest,
            configDigest: manifest.config.digest, layers: manifest.layers, diffIDs: configuration.rootfs.diffIDs,
            platform: (configuration.platform ?? platform).description, created: Date().timeIntervalSince1970)
        try withLock { try save(record) }
        return record
    }

    public func configuration(of record: ImageRecord) throws -> ImageConfiguration {
        try decode(ImageConfiguration.self, try content.data(of: record.configDigest), what: "image config")
    }
}
