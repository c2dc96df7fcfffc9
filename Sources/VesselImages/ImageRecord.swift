/// An image the store knows by name: which manifest and config it resolved to and its layers, bottom first.
public struct ImageRecord: Codable, Sendable {
    public var name: String
    public var indexDigest: Digest?
    public var manifestDigest: Digest
    public var configDigest: Digest
    public var layers: [Descriptor]
    public var diffIDs: [Digest]
    public var platform: String
    /// Seconds since the epoch when the image was loaded or pulled.
    public var created: Double

    /// Docker's image ID: the config's digest.
    public var id: Digest { configDigest }

    public var size: Int64 { layers.reduce(0) { $0 + $1.size } }

    public var blobs: Set<Digest> {
        var set: Set<Digest> = [manifestDigest, configDigest]
        if let indexDigest { set.insert(indexDigest) }
        for layer in layers { set.insert(layer.digest) }
        return set
    }
}
