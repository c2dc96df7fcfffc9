import Foundation
import Testing

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
        let before = cli.storeListing()

        let refused = try cli.run(["pull", "\(registry.host)/test/busybox:1"])
        #expect(refused.status != 0 && refused.stderr.contains("speaks plain http, not https"), "\(refused.stderr)")
        #expect(refused.stderr.split(separator: "\n").count == 1, "\(refused.stderr)")
        #expect(cli.storeListing() == before)

        let insecure = try cli.run(["pull", "--insecure", "\(registry.host)/test/busybox:1"])
        #expect(insecure.status == 0, "\(insecure.stderr)")

        // On loopback, by name: https is tried first and the plain-http answer switches the pull to http.
        guard let loopback = TestRegistry.start(in: cli.scratch) else { return }
        defer { loopback.stop() }
        try loopback.push(layout: try cli.busyboxLayout(), reference: "vessel.test/busybox:latest", image: "test/busybox:2")
        let byName = try cli.run(["pull", "localhost:\(loopback.port)/test/busybox:2"])
        #expect(byName.status == 0, "\(byName.stderr)")
        #expect(try cli.runContainer(["--rm", "localhost:\(loopback.port)/test/busybox:2", "echo", "loopback"]).stdout == "loopback\n")
    }
}
