import Testing
@testable import VesselImages

@Suite struct ImageReferenceTests {
    @Test func shortNamesMeanDockerHubLibrary() throws {
        let reference = try ImageReference(parsing: "busybox")
        #expect(reference.description == "docker.io/library/busybox:latest")
        #expect(reference.familiarName == "busybox")
    }

    @Test func registryPortTagAndDigest() throws {
        let digest = String(repeating: "ab", count: 32)
        let reference = try ImageReference(parsing: "127.0.0.1:5000/team/app:1.2@sha256:\(digest)")
        #expect(reference.registry == "127.0.0.1:5000")
        #expect(reference.repository == "team/app")
        #expect(reference.tag == "1.2")
        #expect(reference.manifestReference == "sha256:\(digest)")
        #expect(try ImageReference(parsing: "localhost/app").registry == "localhost")
        #expect(try ImageReference(parsing: "user/app:v1").repository == "user/app")
    }

    @Test(arguments: ["", "UPPER/case", "a//b", "app:", "app:-bad", "app@sha256:short", "app@md5:abc", "-app", "a b"])
    func malformedReferencesAreRefused(_ text: String) {
        #expect(throws: ImageError.self) { try ImageReference(parsing: text) }
    }

    @Test func platformsParseAndMatch() throws {
        let wanted = try Platform(parsing: "linux/arm64/v8")
        #expect(wanted.accepts(Platform(os: "linux", architecture: "arm64", variant: "v8")))
        #expect(!wanted.accepts(Platform(os: "linux", architecture: "arm64", variant: "v7")))
        #expect(Platform.linuxAMD64.accepts(Platform(os: "linux", architecture: "amd64", variant: "v3")))
        #expect(throws: ImageError.self) { try Platform(parsing: "linux") }
    }

    /// Which registry hosts may fall back to plain http without --insecure.
    @Test(arguments: [("localhost", true), ("127.0.0.1", true), ("127.3.2.1", true), ("::1", true),
                      ("127.evil.example", false), ("127.0.0.1.nip.io", false), ("10.0.0.1", false), ("::2", false),
                      ("localhost.example", false)])
    func onlyLoopbackHostsAreLoopback(host: String, loopback: Bool) {
        #expect(RegistryClient.isLoopback(host) == loopback, "\(host)")
    }
}
