import Foundation
import Testing
@testable import VesselImages

/// `vessel pull` over https from a real registry with a private CA: verification, certs.d, client certificates,
/// `--insecure`, and plain http allowed only for loopback or when asked.
@Suite(.serialized) struct RegistryTLSTests {
    /// A layer bigger than the TLS stream's unread-bytes limit, so the download runs through its back-pressure path.
    static func largeLayer() throws -> (layer: TestLayout.Layer, sha256: String) {
        var generator = SystemRandomNumberGenerator()
        let hexDigits = Array("0123456789abcdef")
        let text = String((0..<(6 << 20)).map { _ in hexDigits[Int(generator.next() % 16)] })
        var tar = TestTar()
        tar.add("large", contents: text)
        return (try TestLayout.layer(tar.archive, compression: "none"), TestSupport.sha256(Array(text.utf8)))
    }

    @Test func aPrivateCAIsTrustedOnlyThroughCertsDirectoriesOrInsecure() throws {
        guard let cli = VesselCLI.make() else { return }
        defer { cli.cleanUp() }
        guard let certificates = try TestCertificates.make(in: cli.scratch) else { return }
        guard let registry = TestRegistry.start(in: cli.scratch, tls: certificates) else { return }
        defer { registry.stop() }
        guard let busybox = try TestLayout.busyboxLayer(scratch: cli.scratch) else { return TestSupport.skip("cannot build busybox") }
        let large = try Self.largeLayer()
        let layout = try TestLayout(directory: cli.scratch + "/large")
        try layout.writeImage(name: "large", layers: [busybox, large.layer])
        try registry.push(layout: layout.directory, reference: "large", image: "test/large:1")
        let reference = "\(registry.host)/test/large:1"
        try cli.run(["images"])
        let before = cli.storeListing()

        let untrusted = try cli.run(["pull", reference])
        #expect(untrusted.status != 0 && untrusted.stderr.contains("is not trusted"), "\(untrusted.stderr)")
        #expect(untrusted.stderr.split(separator: "\n").count == 1, "\(untrusted.stderr)")
        #expect(cli.storeListing() == before)

        let certsDirectory = try certificates.registryDirectory(at: cli.scratch + "/certs-only-ca", [("ca.crt", "ca.crt")])
        let trusted = try cli.run(["pull", "--cert-dir", certsDirectory, reference])
        #expect(trusted.status == 0, "\(trusted.stderr)")
        let checksum = try cli.runContainer(["--rm", reference, "sha256sum", "/large"])
        #expect(checksum.stdout.hasPrefix(large.sha256), "\(checksum.stdout) \(checksum.stderr)")
        #expect(try cli.run(["rmi", reference]).status == 0)

        let insecure = try cli.run(["pull", "--insecure", reference])
        #expect(insecure.status == 0, "\(insecure.stderr)")
        #expect(try cli.run(["rmi", reference]).status == 0)

        // The default search: /etc/vessel/certs.d/HOST:PORT, as docker's /etc/docker/certs.d.
        let systemDirectory = "/etc/vessel/certs.d/\(registry.host)"
        defer {
            TestSupport.removeTree(systemDirectory)
            rmdir("/etc/vessel/certs.d")
            rmdir("/etc/vessel")
        }
        _ = try certificates.registryDirectory(at: systemDirectory, [("ca.crt", "ca.crt")])
        let fromSystemDirectory = try cli.run(["pull", reference])
        #expect(fromSystemDirectory.status == 0, "\(fromSystemDirectory.stderr)")

        try Self.expectReadsAreHeldBack(registry: registry, certificates: certsDirectory)

        let missingDirectory = try cli.run(["pull", "--cert-dir", cli.scratch + "/nowhere", reference])
        #expect(missingDirectory.status != 0 && missingDirectory.stderr.contains("does not exist"), "\(missingDirectory.stderr)")

        // A trusted certificate for another name: 127.0.0.2 is loopback too, but the certificate names 127.0.0.1.
        guard let misnamed = TestRegistry.start(in: cli.scratch, tls: certificates, address: "127.0.0.2") else { return }
        defer { misnamed.stop() }
        let wrongName = try cli.run(["pull", "--cert-dir", certsDirectory, "\(misnamed.host)/test/large:1"])
        #expect(wrongName.status != 0 && wrongName.stderr.contains("does not name this host"), "\(wrongName.stderr)")
    }

    @Test func aRegistryThatDemandsAClientCertificateGetsTheOneInCertsDirectory() throws {
        guard let cli = VesselCLI.make() else { return }
        defer { cli.cleanUp() }
        guard let certificates = try TestCertificates.make(in: cli.scratch) else { return }
        guard let registry = TestRegistry.start(in: cli.scratch, tls: certificates, requireClientCertificate: true) else { return }
        defer { registry.stop() }
        let reference = "\(registry.host)/test/busybox:1"
        let skopeoCertificates = try certificates.registryDirectory(
            at: cli.scratch + "/skopeo", [("ca.crt", "ca.crt"), ("client.cert", "client.cert"), ("client.key", "client.key")])
        try registry.push(layout: try cli.busyboxLayout(), reference: "vessel.test/busybox:latest", image: "test/busybox:1",
                          clientCertificates: skopeoCertificates)
        try cli.run(["images"])
        let before = cli.storeListing()

        let onlyCA = try certificates.registryDirectory(at: cli.scratch + "/only-ca", [("ca.crt", "ca.crt")])
        let refused = try cli.run(["pull", "--cert-dir", onlyCA, reference])
        #expect(refused.status != 0 && refused.stderr.contains("refused our client certificate"), "\(refused.stderr)")
        #expect(refused.stderr.split(separator: "\n").count == 1, "\(refused.stderr)")

        let keyless = try certificates.registryDirectory(at: cli.scratch + "/keyless", [("ca.crt", "ca.crt"), ("client.cert", "client.cert")])
        let noKey = try cli.run(["pull", "--cert-dir", keyless, reference])
        #expect(noKey.status != 0 && noKey.stderr.contains("has no client.key beside it"), "\(noKey.stderr)")
        #expect(cli.storeListing() == before)

        let full = try certificates.registryDirectory(
            at: cli.scratch + "/full", [("ca.crt", "ca.crt"), ("client.cert", "client.cert"), ("client.key", "client.key")])
        let pulled = try cli.run(["pull", "--cert-dir", full, reference])
        #expect(pulled.status == 0, "\(pulled.stderr)")
        #expect(try cli.runContainer(["--rm", reference, "echo", "mutual-tls"]).stdout == "mutual-tls\n")
    }

    @Test func plainHTTPIsUsedOnlyForLoopbackOrWhenAskedFor() throws {
        guard let cli = VesselCLI.make() else { return }
        defer { cli.cleanUp() }
        guard let address = TestSupport.nonLoopbackIPv4() else { return TestSupport.skip("no non-loopback IPv4 address") }
        guard let registry = TestRegistry.start(in: cli.scratch, address: address) else { return }
        defer { registry.stop() }
        try registry.push(layout: try cli.busyboxLayout(), reference: "vessel.test/busybox:latest", image: "test/busybox:1")
        try cli.run(["images"])
        try cli.expectPullNeedsInsecure(["\(registry.host)/test/busybox:1"], refusal: "speaks plain http, not https")

        // On loopback, by name: https is tried first and the plain-http answer switches the pull to http.
        guard let loopback = TestRegistry.start(in: cli.scratch) else { return }
        defer { loopback.stop() }
        try loopback.push(layout: try cli.busyboxLayout(), reference: "vessel.test/busybox:latest", image: "test/busybox:2")
        let byName = try cli.run(["pull", "localhost:\(loopback.port)/test/busybox:2"])
        #expect(byName.status == 0, "\(byName.stderr)")
        #expect(try cli.runContainer(["--rm", "localhost:\(loopback.port)/test/busybox:2", "echo", "loopback"]).stdout == "loopback\n")
    }

    /// A reader that falls behind stops the channel at the high-water mark, and every byte still arrives.
    static func expectReadsAreHeldBack(registry: TestRegistry, certificates: String) throws {
        let context = try RegistryTLS(certificateDirectory: certificates).context(for: registry.host)
        func get(_ target: String, accept: String) throws -> (connection: HTTPConnection, stream: TLSStream) {
            let stream = try TLSStream(host: registry.address, port: registry.port, context: context, timeoutSeconds: 10)
            var url = try HTTPURL(parsing: "https://\(registry.host)/")
            url.target = target
            return (try HTTPConnection(method: "GET", url: url, headers: [("Accept", accept)], over: stream), stream)
        }
        // skopeo may recompress layers on push, so the registry's own manifest names the large layer.
        struct Manifest: Decodable {
            struct Layer: Decodable {
                var digest: String
                var size: Int
            }
            var layers: [Layer]
        }
        let manifestBytes = try get("/v2/test/large/manifests/1", accept: RegistryClient.manifestAccept).connection.readBody(limit: 1 << 20)
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(manifestBytes))
        guard let largest = manifest.layers.max(by: { $0.size < $1.size }) else { throw TestLayoutError.missingTool("no layers") }
        #expect(largest.size > TLSStream.highWater * 2)

        let (connection, stream) = try get("/v2/test/large/blobs/\(largest.digest)", accept: "*/*")
        #expect(connection.status == 200)
        Thread.sleep(forTimeInterval: 0.5)
        let body = try connection.readBody(limit: 64 << 20)
        #expect(body.count == largest.size)
        #expect("sha256:" + TestSupport.sha256(body) == largest.digest)
        #expect(stream.timesHeldBack > 0, "the channel never stopped reading for a slow reader")
    }

    @Test func withoutAPortPlainHTTPIsTriedOnPort80OrKeptOnThePortThatAnswered() throws {
        guard TestSupport.isRoot else { return TestSupport.skip("binding ports 80 and 443 needs root") }
        guard let cli = VesselCLI.make() else { return }
        defer { cli.cleanUp() }
        // Loopback: nothing listens on 127.0.0.7:443, so the pull goes on to http on port 80.
        guard let onPort80 = TestRegistry.start(in: cli.scratch, address: "127.0.0.7", port: 80) else { return }
        defer { onPort80.stop() }
        try onPort80.push(layout: try cli.busyboxLayout(), reference: "vessel.test/busybox:latest", image: "test/busybox:80")
        let viaPort80 = try cli.run(["pull", "127.0.0.7/test/busybox:80"])
        #expect(viaPort80.status == 0, "\(viaPort80.stderr)")
        #expect(try String(contentsOfFile: onPort80.logPath, encoding: .utf8).contains("/v2/test/busybox/manifests/80"))

        // A plain-http server on 443 answers the ClientHello in http: the pull stays on 443.
        guard let on443 = TestRegistry.start(in: cli.scratch, address: "127.0.0.8", port: 443) else { return }
        defer { on443.stop() }
        try on443.push(layout: try cli.busyboxLayout(), reference: "vessel.test/busybox:latest", image: "test/busybox:443")
        let via443 = try cli.run(["pull", "127.0.0.8/test/busybox:443"])
        #expect(via443.status == 0, "\(via443.stderr)")
        #expect(try cli.runContainer(["--rm", "127.0.0.8/test/busybox:443", "echo", "port-443"]).stdout == "port-443\n")

        // Off loopback, port 80 is tried only with --insecure.
        guard let address = TestSupport.nonLoopbackIPv4() else { return TestSupport.skip("no non-loopback IPv4 address") }
        guard let remote = TestRegistry.start(in: cli.scratch, address: address, port: 80) else { return }
        defer { remote.stop() }
        try remote.push(layout: try cli.busyboxLayout(), reference: "vessel.test/busybox:latest", image: "test/busybox:remote")
        try cli.expectPullNeedsInsecure(["\(address)/test/busybox:remote"], refusal: "cannot connect to \(address):443")
    }
}
