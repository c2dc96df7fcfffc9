import Foundation

/// Writes OCI image layouts from layer tars, for load and pull tests.
struct TestLayout {
    struct Layer {
        var blob: [UInt8]
        var diffID: String
        var mediaType: String
    }

    let directory: String

    init(directory: String) throws {
        self.directory = directory
        try FileManager.default.createDirectory(atPath: directory + "/blobs/sha256", withIntermediateDirectories: true)
        try TestSupport.write(Array(#"{"imageLayoutVersion":"1.0.0"}"#.utf8), to: directory + "/oci-layout")
    }

    static func layer(_ tar: [UInt8], compression: String = "gzip") throws -> Layer {
        switch compression {
        case "zstd":
            guard let compressed = try TestSupport.zstd(tar) else { throw TestLayoutError.missingTool("zstd") }
            return Layer(blob: compressed, diffID: TestSupport.sha256(tar), mediaType: "application/vnd.oci.image.layer.v1.tar+zstd")
        case "none":
            return Layer(blob: tar, diffID: TestSupport.sha256(tar), mediaType: "application/vnd.oci.image.layer.v1.tar")
        default:
            return Layer(blob: try TestSupport.gzip(tar), diffID: TestSupport.sha256(tar), mediaType: "application/vnd.oci.image.layer.v1.tar+gzip")
        }
    }

    /// Stores a blob; returns its descriptor JSON fields.
    @discardableResult
    func put(_ bytes: [UInt8]) throws -> (digest: String, size: Int) {
        let digest = TestSupport.sha256(bytes)
        try TestSupport.write(bytes, to: directory + "/blobs/sha256/" + digest)
        return (digest, bytes.count)
    }

    /// Writes config, manifest and index.json; returns the manifest digest.
    @discardableResult
    func writeImage(name: String, layers: [Layer], config: String = #"{"Cmd":["sh"]}"#, architecture: String = "amd64",
                    manifestMediaType: String = "application/vnd.oci.image.manifest.v1+json", platformInIndex: Bool = true) throws -> String {
        let diffIDs = layers.map { "\"sha256:\($0.diffID)\"" }.joined(separator: ",")
        let configJSON = #"{"architecture":"\#(architecture)","os":"linux","config":\#(config),"rootfs":{"type":"layers","diff_ids":[\#(diffIDs)]}}"#
        let configBlob = try put(Array(configJSON.utf8))
        var layerJSON: [String] = []
        for layer in layers {
            let stored = try put(layer.blob)
            layerJSON.append(#"{"mediaType":"\#(layer.mediaType)","digest":"sha256:\#(stored.digest)","size":\#(stored.size)}"#)
        }
        let manifestJSON = #"{"schemaVersion":2,"mediaType":"\#(manifestMediaType)","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:\#(configBlob.digest)","size":\#(configBlob.size)},"layers":[\#(layerJSON.joined(separator: ","))]}"#
        let manifest = try put(Array(manifestJSON.utf8))
        let platform = platformInIndex ? #","platform":{"architecture":"\#(architecture)","os":"linux"}"# : ""
        let index = #"{"schemaVersion":2,"manifests":[{"mediaType":"\#(manifestMediaType)","digest":"sha256:\#(manifest.digest)","size":\#(manifest.size),"annotations":{"org.opencontainers.image.ref.name":"\#(name)"}\#(platform)}]}"#
        try TestSupport.write(Array(index.utf8), to: directory + "/index.json")
        return manifest.digest
    }

    /// Writes one image per architecture under a nested image index named `name`; returns the index digest.
    @discardableResult
    func writeMultiPlatform(name: String, layers: [Layer], architectures: [String]) throws -> String {
        var entries: [String] = []
        for architecture in architectures {
            let manifest = try writeImage(name: name, layers: layers, architecture: architecture)
            let size = (try? FileManager.default.attributesOfItem(atPath: directory + "/blobs/sha256/" + manifest)[.size] as? Int) ?? 0
            entries.append(#"{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:\#(manifest)","size":\#(size ?? 0),"platform":{"architecture":"\#(architecture)","os":"linux"}}"#)
        }
        let nested = try put(Array(#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[\#(entries.joined(separator: ","))]}"#.utf8))
        let index = #"{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.index.v1+json","digest":"sha256:\#(nested.digest)","size":\#(nested.size),"annotations":{"org.opencontainers.image.ref.name":"\#(name)"}}]}"#
        try TestSupport.write(Array(index.utf8), to: directory + "/index.json")
        return nested.digest
    }

    /// The busybox layer scripts/make-busybox-image builds (read from its layout).
    static func busyboxLayer(scratch: String) throws -> Layer? {
        guard access("/bin/busybox", X_OK) == 0 else { return nil }
        let layout = scratch + "/busybox-layout"
        let result = try TestSupport.run([TestSupport.repositoryRoot + "/scripts/make-busybox-image", layout, "vessel.test/busybox:latest"])
        guard result.status == 0 else { return nil }
        let index = try String(contentsOfFile: layout + "/index.json", encoding: .utf8)
        guard let manifestHex = index.firstMatch(of: /sha256:([0-9a-f]{64})/)?.1 else { return nil }
        let manifest = try String(contentsOfFile: layout + "/blobs/sha256/" + manifestHex, encoding: .utf8)
        let config = try String(contentsOfFile: layout + "/blobs/sha256/" + (manifest.firstMatch(of: /sha256:([0-9a-f]{64})/)?.1 ?? ""), encoding: .utf8)
        let digests = manifest.matches(of: /sha256:([0-9a-f]{64})/).map { String($0.1) }
        guard digests.count == 2, let diffID = config.firstMatch(of: /diff_ids":\["sha256:([0-9a-f]{64})/)?.1 else { return nil }
        let blob = Array(try Data(contentsOf: URL(fileURLWithPath: layout + "/blobs/sha256/" + digests[1])))
        return Layer(blob: blob, diffID: String(diffID), mediaType: "application/vnd.oci.image.layer.v1.tar+gzip")
    }
}

enum TestLayoutError: Error {
    case missingTool(String)
}
