import Foundation
import Testing

/// `vessel pull` from a real registry that skopeo pushed to.
@Suite(.serialized) struct RegistryPullTests {
    @Test func aPushedMultiLayerImageWithWhiteoutsPullsAndRuns() throws {
        guard let cli = VesselCLI.make() else { return }
        defer { cli.cleanUp() }
        guard let registry = TestRegistry.start(in: cli.scratch) else { return }
        defer { registry.stop() }
        guard let busybox = try TestLayout.busyboxLayer(scratch: cli.scratch) else { return TestSupport.skip("cannot build busybox") }
        let layout = try TestLayout(directory: cli.scratch + "/layers")
        try layout.writeImage(name: "layers", layers: try MultiLayerImage.layers(busybox: busybox))
        try registry.push(layout: layout.directory, reference: "layers", image: "test/layers:1")

        let pulled = try cli.run(["pull", "\(registry.host)/test/layers:1"])
        #expect(pulled.status == 0, "\(pulled.stderr)")
        #expect(pulled.stdout.contains("Pulled: \(registry.host)/test/layers:1"))
        let run = try cli.runContainer(["--rm", "\(registry.host)/test/layers:1", "sh", "-c",
                                        "ls /data; test -e /removed-later || echo removed-is-gone; cat /etc/motd"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "b\nremoved-is-gone\nlayer two motd", "\(run.stdout)")
    }

    @Test func anIndexYieldsTheRequestedPlatformOrAClearError() throws {
        guard let cli = VesselCLI.make() else { return }
        defer { cli.cleanUp() }
        guard let registry = TestRegistry.start(in: cli.scratch) else { return }
        defer { registry.stop() }
        guard let busybox = try TestLayout.busyboxLayer(scratch: cli.scratch) else { return TestSupport.skip("cannot build busybox") }
        let layout = try TestLayout(directory: cli.scratch + "/multi")
        try layout.writeMultiPlatform(name: "multi", layers: [busybox], architectures: ["arm64", "amd64"])
        try registry.push(layout: layout.directory, reference: "multi", image: "test/multi:1", all: true)

        try cli.run(["images"])
        let before = cli.storeListing()
        let missing = try cli.run(["pull", "--platform", "linux/s390x", "\(registry.host)/test/multi:1"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("no linux/s390x image") && missing.stderr.contains("linux/arm64, linux/amd64"), "\(missing.stderr)")
        #expect(cli.storeListing() == before)

        let pulled = try cli.run(["pull", "\(registry.host)/test/multi:1"])
        #expect(pulled.status == 0, "\(pulled.stderr)")
        let inspect = try cli.run(["inspect", "\(registry.host)/test/multi:1"])
        #expect(inspect.stdout.contains("\"platform\" : \"linux/amd64\""), "\(inspect.stdout)")
        #expect(inspect.stdout.contains("\"indexDigest\""))
        #expect(try cli.runContainer(["--rm", "\(registry.host)/test/multi:1", "echo", "multi-ok"]).stdout == "multi-ok\n")
    }

    @Test func anInterruptedPullResumesAndCompletedBlobsAreNotFetchedAgain() throws {
        guard let cli = VesselCLI.make() else { return }
        defer { cli.cleanUp() }
        guard let registry = TestRegistry.start(in: cli.scratch) else { return }
        defer { registry.stop() }
        let layoutPath = try cli.busyboxLayout()
        try registry.push(layout: layoutPath, reference: "vessel.test/busybox:latest", image: "test/busybox:1")
        guard let busybox = try TestLayout.busyboxLayer(scratch: cli.scratch) else { return TestSupport.skip("cannot build busybox") }
        let layerHex = TestSupport.sha256(busybox.blob)

        // A pull that died halfway through the layer: its first half is in the ingest directory.
        try cli.run(["images"])
        try TestSupport.write(Array(busybox.blob.prefix(busybox.blob.count / 2)), to: cli.root + "/content/ingest/\(layerHex).partial")
        let first = try cli.run(["pull", "\(registry.host)/test/busybox:1"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(FileManager.default.fileExists(atPath: cli.root + "/content/blobs/sha256/" + layerHex))
        #expect(!FileManager.default.fileExists(atPath: cli.root + "/content/ingest/\(layerHex).partial"))
        let log = (try? String(contentsOfFile: registry.logPath, encoding: .utf8)) ?? ""
        let layerRequests = log.split(separator: "\n").filter { $0.contains("/blobs/sha256:\(layerHex)") && $0.contains("\"GET ") }
        #expect(layerRequests.count == 1 && layerRequests.allSatisfy { $0.contains("\" 206 ") }, "expected one ranged GET: \(layerRequests)")

        let second = try cli.run(["pull", "\(registry.host)/test/busybox:1"])
        #expect(second.status == 0 && second.stdout.contains("Already exists"), "\(second.stdout)")
        let logAfter = (try? String(contentsOfFile: registry.logPath, encoding: .utf8)) ?? ""
        #expect(logAfter.split(separator: "\n").filter { $0.contains("/blobs/sha256:\(layerHex)") && $0.contains("\"GET ") }.count == 1,
                "the completed layer was downloaded again")
        #expect(try cli.runContainer(["--rm", "\(registry.host)/test/busybox:1", "echo", "resumed"]).stdout == "resumed\n")
    }

    @Test func runPullsAMissingImageAndReportsOnStderr() throws {
        guard let cli = VesselCLI.make() else { return }
        defer { cli.cleanUp() }
        guard let registry = TestRegistry.start(in: cli.scratch) else { return }
        defer { registry.stop() }
        try registry.push(layout: try cli.busyboxLayout(), reference: "vessel.test/busybox:latest", image: "test/busybox:1")
        let reference = "\(registry.host)/test/busybox:1"

        let first = try cli.runContainer(["--rm", reference, "echo", "auto-pulled"])
        #expect(first.status == 0 && first.stdout == "auto-pulled\n", "\(first.stdout) \(first.stderr)")
        #expect(first.stderr.contains("Unable to find image '\(reference)' locally") && first.stderr.contains("Pulled: \(reference)"),
                "\(first.stderr)")
        let log = { (try? String(contentsOfFile: registry.logPath, encoding: .utf8)) ?? "" }
        let manifestRequests = { log().split(separator: "\n").filter { $0.contains("/manifests/1") && $0.contains("\"GET ") }.count }
        let afterFirst = manifestRequests()

        // Present now: no pull, no registry request, nothing on stderr.
        let second = try cli.runContainer(["--rm", reference, "echo", "local"])
        #expect(second.stdout == "local\n" && second.stderr.isEmpty, "\(second.stderr)")
        #expect(manifestRequests() == afterFirst)

        let always = try cli.runContainer(["--rm", "--pull", "always", reference, "echo", "fresh"])
        #expect(always.stdout == "fresh\n" && always.stderr.contains("Pulled:"), "\(always.stderr)")
        #expect(manifestRequests() > afterFirst)
    }

    @Test func registryFailuresAreOneLineAndChangeNothing() throws {
        guard let cli = VesselCLI.make() else { return }
        defer { cli.cleanUp() }
        guard let registry = TestRegistry.start(in: cli.scratch) else { return }
        defer { registry.stop() }
        try cli.run(["images"])
        let before = cli.storeListing()

        let unknown = try cli.run(["pull", "\(registry.host)/test/nosuch:1"])
        #expect(unknown.status != 0 && unknown.stderr.contains("not found"), "\(unknown.stderr)")

        let malformed = try cli.run(["pull", "\(registry.host)/Bad//name"])
        #expect(malformed.status == 2 && malformed.stderr.contains("malformed image reference"), "\(malformed.stderr)")

        // A server that accepts connections and never answers: a timeout, not a hang.
        let silent = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(silent) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let listening = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(silent, $0, length) == 0 && listen(silent, 8) == 0 && getsockname(silent, $0, &length) == 0 }
        }
        #expect(listening)
        let started = Date()
        let hung = try cli.run(["pull", "--timeout", "2", "127.0.0.1:\(UInt16(bigEndian: address.sin_port))/test/app:1"], timeout: 30)
        #expect(hung.status != 0 && hung.stderr.contains("did not answer within 2 s"), "\(hung.stderr)")
        #expect(Date().timeIntervalSince(started) < 10)

        let closedPort = try TestRegistry.freePort()
        let refused = try cli.run(["pull", "127.0.0.1:\(closedPort)/test/app:1"])
        #expect(refused.status != 0 && refused.stderr.contains("cannot connect"), "\(refused.stderr)")

        for result in [unknown, malformed, hung, refused] {
            #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        }
        #expect(cli.storeListing() == before)
    }
}
