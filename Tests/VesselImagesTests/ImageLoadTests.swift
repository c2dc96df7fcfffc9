import Foundation
import Testing

/// `vessel image load` of OCI layouts (directory and tar) and docker-archives, and what it refuses.
@Suite(.serialized) struct ImageLoadTests {
    @Test func theSameImageLoadsAsLayoutLayoutTarAndDockerArchive() throws {
        guard let cli = VesselCLI.make() else { return }
        defer { cli.cleanUp() }
        guard let skopeo = TestSupport.which("skopeo") else { return TestSupport.skip("skopeo is missing") }
        let layout = try cli.busyboxLayout()
        let archive = cli.scratch + "/busybox-docker.tar"
        let copy = try TestSupport.run([skopeo, "copy", "--quiet", "oci:\(layout):vessel.test/busybox:latest",
                                        "docker-archive:\(archive):vessel.test/busybox-archive:1"])
        #expect(copy.status == 0, "skopeo: \(copy.stderr)")
        let layoutTar = cli.scratch + "/busybox-oci.tar"
        #expect(try TestSupport.run(["/bin/tar", "-C", layout, "-cf", layoutTar, "."]).status == 0)

        let fromDirectory = try cli.run(["image", "load", layout])
        #expect(fromDirectory.status == 0, "\(fromDirectory.stderr)")
        let fromArchive = try cli.run(["image", "load", archive])
        #expect(fromArchive.status == 0, "\(fromArchive.stderr)")
        let fromTar = try cli.run(["image", "load", "--name", "vessel.test/busybox-tar:1", layoutTar])
        #expect(fromTar.status == 0, "\(fromTar.stderr)")

        let listing = try cli.run(["images", "--format", "json"])
        let images = try JSONSerialization.jsonObject(with: Data(listing.stdout.utf8)) as? [[String: Any]] ?? []
        let ids = Dictionary(uniqueKeysWithValues: images.compactMap { image -> (String, String)? in
            guard let name = image["name"] as? String, let id = image["id"] as? String else { return nil }
            return (name, id)
        })
        #expect(ids["vessel.test/busybox:latest"] != nil)
        #expect(ids["vessel.test/busybox-archive:1"] == ids["vessel.test/busybox:latest"], "same config, same image ID: \(ids)")
        #expect(ids["vessel.test/busybox:latest"] != nil && ids.count == 3)
        for name in ["vessel.test/busybox:latest", "vessel.test/busybox-archive:1", "vessel.test/busybox-tar:1"] {
            let run = try cli.runContainer(["--rm", name, "echo", "TOKEN-\(name.count)"])
            #expect(run.status == 0 && run.stdout == "TOKEN-\(name.count)\n", "\(name): \(run.stderr)")
        }
    }

    @Test func aCorruptBlobIsRefusedAndTheStoreIsUnchanged() throws {
        guard let cli = VesselCLI.make() else { return }
        defer { cli.cleanUp() }
        try cli.loadBusybox()
        guard let busybox = try TestLayout.busyboxLayer(scratch: cli.scratch) else { return TestSupport.skip("cannot build the busybox layer") }
        let layout = try TestLayout(directory: cli.scratch + "/corrupt")
        var extra = TestTar()
        extra.add("extra.txt", contents: "an extra layer")
        let extraLayer = try TestLayout.layer(extra.archive)
        try layout.writeImage(name: "vessel.test/corrupt:1", layers: [busybox, extraLayer])
        // Same size, different content: the digest check must catch it.
        let blobPath = layout.directory + "/blobs/sha256/" + TestSupport.sha256(extraLayer.blob)
        var tampered = extraLayer.blob
        tampered[tampered.count / 2] ^= 0xff
        try TestSupport.write(tampered, to: blobPath)
        let before = cli.storeListing()
        let result = try cli.run(["image", "load", layout.directory])
        #expect(result.status != 0)
        #expect(result.stderr.contains("does not match its digest"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(cli.storeListing() == before)
    }

    @Test func aMissingPlatformIsRefusedAndAnotherCanBeChosen() throws {
        guard let cli = VesselCLI.make() else { return }
        defer { cli.cleanUp() }
        var tar = TestTar()
        tar.add("file", contents: "arm")
        let layout = try TestLayout(directory: cli.scratch + "/arm")
        try layout.writeImage(name: "vessel.test/arm:1", layers: [try TestLayout.layer(tar.archive)], architecture: "arm64")
        try cli.run(["images"])
        let before = cli.storeListing()
        let refused = try cli.run(["image", "load", layout.directory])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("no linux/amd64 image"), "\(refused.stderr)")
        #expect(cli.storeListing() == before)
        let chosen = try cli.run(["image", "load", "--platform", "linux/arm64", layout.directory])
        #expect(chosen.status == 0, "\(chosen.stderr)")
    }

    @Test func anUnknownManifestMediaTypeIsRefused() throws {
        guard let cli = VesselCLI.make() else { return }
        defer { cli.cleanUp() }
        var tar = TestTar()
        tar.add("file", contents: "x")
        let layout = try TestLayout(directory: cli.scratch + "/odd")
        try layout.writeImage(name: "vessel.test/odd:1", layers: [try TestLayout.layer(tar.archive)],
                              manifestMediaType: "application/vnd.example.unknown+json")
        try cli.run(["images"])
        let before = cli.storeListing()
        let result = try cli.run(["image", "load", layout.directory])
        #expect(result.status != 0)
        #expect(result.stderr.contains("unsupported manifest media type application/vnd.example.unknown+json"), "\(result.stderr)")
        #expect(cli.storeListing() == before)
    }

    @Test func aCorruptArchiveIsOneLineAndLeavesNothing() throws {
        guard let cli = VesselCLI.make() else { return }
        defer { cli.cleanUp() }
        try cli.loadBusybox()
        let garbage = cli.scratch + "/garbage.tar"
        try TestSupport.write([UInt8](repeating: 0x42, count: 4096), to: garbage)
        let before = cli.storeListing()
        for path in [garbage, cli.scratch + "/does-not-exist.tar"] {
            let result = try cli.run(["image", "load", path])
            #expect(result.status != 0)
            #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        }
        #expect(cli.storeListing() == before)
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: cli.root + "/tmp")) ?? []).isEmpty)
    }

    @Test func rmiCollectsUnreferencedBlobsAndSnapshots() throws {
        guard let cli = VesselCLI.make() else { return }
        defer { cli.cleanUp() }
        try cli.loadBusybox()
        let blobs = (try? FileManager.default.contentsOfDirectory(atPath: cli.root + "/content/blobs/sha256")) ?? []
        #expect(blobs.count == 3)
        let removed = try cli.run(["rmi", "vessel.test/busybox"])
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: cli.root + "/content/blobs/sha256")) ?? []).isEmpty)
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: cli.root + "/snapshots")) ?? []).isEmpty)
        let again = try cli.run(["rmi", "vessel.test/busybox"])
        #expect(again.status != 0 && again.stderr.contains("no such image"))
    }
}
