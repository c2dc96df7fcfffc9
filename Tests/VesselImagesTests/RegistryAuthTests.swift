import Foundation
import Testing

/// `vessel pull` from registries that demand a login: Basic (htpasswd, over TLS) and Bearer tokens from a token
/// service named in the registry's WWW-Authenticate challenge, with credentials from a docker config.json.
@Suite(.serialized) struct RegistryAuthTests {
    static func credentialsFile(at path: String, host: String, _ entry: String) throws -> String {
        try TestSupport.write(Array(#"{"auths":{"\#(host)":\#(entry)}}"#.utf8), to: path)
        return path
    }

    static func basicEntry(_ user: String, _ password: String) -> String {
        let encoded = Data("\(user):\(password)".utf8).base64EncodedString()
        return #"{"auth":"\#(encoded)"}"#
    }

    /// A registry that trusts `tokens`, holding busybox as team/busybox:1 (pushed as alice).
    static func tokenProtectedRegistry(cli: VesselCLI, tokens: TestTokenServer, _ test: String = #function) throws -> TestRegistry? {
        let auth = """
            auth:
              token:
                realm: \(tokens.realm)
                service: \(TestTokenServer.service)
                issuer: \(TestTokenServer.issuer)
                rootcertbundle: \(tokens.signerCertificate)
            """
        guard let registry = TestRegistry.start(in: cli.scratch, auth: auth, test) else { return nil }
        do {
            try registry.push(layout: try cli.busyboxLayout(), reference: "vessel.test/busybox:latest", image: "team/busybox:1",
                              credentials: "alice:s3cret")
        } catch {
            registry.stop()
            throw error
        }
        return registry
    }

    @Test func basicAuthUsesTheCredentialsFileAndAWrongPasswordIsDenied() throws {
        guard let cli = VesselCLI.make() else { return }
        defer { cli.cleanUp() }
        guard let htpasswd = TestSupport.which("htpasswd") else { return TestSupport.skip("htpasswd (apache2-utils) is missing") }
        guard let certificates = try TestCertificates.make(in: cli.scratch) else { return }
        let users = try TestSupport.run([htpasswd, "-Bbn", "alice", "s3cret"])
        try TestSupport.write(Array(users.stdout.utf8), to: cli.scratch + "/htpasswd")
        let auth = "auth:\n  htpasswd:\n    realm: vessel-test\n    path: \(cli.scratch)/htpasswd"
        guard let registry = TestRegistry.start(in: cli.scratch, tls: certificates, auth: auth) else { return }
        defer { registry.stop() }
        try registry.push(layout: try cli.busyboxLayout(), reference: "vessel.test/busybox:latest", image: "test/busybox:1",
                          credentials: "alice:s3cret")
        let reference = "\(registry.host)/test/busybox:1"
        let trust = try certificates.registryDirectory(at: cli.scratch + "/trust", [("ca.crt", "ca.crt")])
        try cli.run(["images"])
        let before = cli.storeListing()

        let anonymous = try cli.run(["pull", "--cert-dir", trust, "--authfile", cli.scratch + "/none.json", reference])
        #expect(anonymous.status != 0 && anonymous.stderr.contains("requires a login"), "\(anonymous.stderr)")
        let wrongFile = try Self.credentialsFile(at: cli.scratch + "/wrong.json", host: registry.host, Self.basicEntry("alice", "nope"))
        let wrong = try cli.run(["pull", "--cert-dir", trust, "--authfile", wrongFile, reference])
        #expect(wrong.status != 0 && wrong.stderr.contains("denied (HTTP 401)"), "\(wrong.stderr)")
        for result in [anonymous, wrong] { #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)") }
        #expect(cli.storeListing() == before)

        let rightFile = try Self.credentialsFile(at: cli.scratch + "/right.json", host: registry.host, Self.basicEntry("alice", "s3cret"))
        let pulled = try cli.run(["pull", "--cert-dir", trust, "--authfile", rightFile, reference])
        #expect(pulled.status == 0, "\(pulled.stderr)")
        #expect(try cli.runContainer(["--rm", reference, "echo", "basic-auth"]).stdout == "basic-auth\n")
        #expect(try cli.run(["rmi", reference]).status == 0)

        // The other config.json form: a URL key, with username and password fields.
        let fieldsFile = try Self.credentialsFile(at: cli.scratch + "/fields.json", host: "https://\(registry.host)",
                                                  #"{"username":"alice","password":"s3cret"}"#)
        let byFields = try cli.run(["pull", "--cert-dir", trust, "--authfile", fieldsFile, reference])
        #expect(byFields.status == 0, "\(byFields.stderr)")
    }

    @Test func bearerTokensComeFromTheRealmWithTheUsersCredentials() throws {
        guard let cli = VesselCLI.make() else { return }
        defer { cli.cleanUp() }
        guard let tokens = try TestTokenServer.start(in: cli.scratch + "/token", user: "alice", password: "s3cret") else { return }
        defer { tokens.stop() }
        guard let registry = try Self.tokenProtectedRegistry(cli: cli, tokens: tokens) else { return }
        defer { registry.stop() }
        let reference = "\(registry.host)/team/busybox:1"
        try cli.run(["images"])
        let before = cli.storeListing()

        let anonymous = try cli.run(["pull", "--authfile", cli.scratch + "/none.json", reference])
        #expect(anonymous.status != 0 && anonymous.stderr.contains("token request to 127.0.0.1:\(tokens.port) failed with HTTP 401"),
                "\(anonymous.stderr)")
        #expect(anonymous.stderr.split(separator: "\n").count == 1, "\(anonymous.stderr)")
        #expect(cli.storeListing() == before)

        let file = try Self.credentialsFile(at: cli.scratch + "/auth.json", host: registry.host, Self.basicEntry("alice", "s3cret"))
        let pulled = try cli.run(["pull", "--authfile", file, reference])
        #expect(pulled.status == 0, "\(pulled.stderr)")
        let asked = tokens.seenRequests.filter { $0.scope == "repository:team/busybox:pull" }
        #expect(asked.contains { $0.authorized } && asked.contains { !$0.authorized }, "\(tokens.seenRequests)")
        #expect(try cli.runContainer(["--rm", reference, "echo", "bearer-token"]).stdout == "bearer-token\n")
    }

    @Test func aPlainHTTPTokenRealmOffLoopbackGetsNoCredentialsWithoutInsecure() throws {
        guard let cli = VesselCLI.make() else { return }
        defer { cli.cleanUp() }
        guard let address = TestSupport.nonLoopbackIPv4() else { return TestSupport.skip("no non-loopback IPv4 address") }
        guard let tokens = try TestTokenServer.start(in: cli.scratch + "/token", user: "alice", password: "s3cret", address: address) else { return }
        defer { tokens.stop() }
        guard let registry = try Self.tokenProtectedRegistry(cli: cli, tokens: tokens) else { return }
        defer { registry.stop() }
        let reference = "\(registry.host)/team/busybox:1"
        let file = try Self.credentialsFile(at: cli.scratch + "/auth.json", host: registry.host, Self.basicEntry("alice", "s3cret"))
        try cli.run(["images"])
        let pushRequests = tokens.seenRequests.count
        try cli.expectPullNeedsInsecure(["--authfile", file, reference], refusal: "refusing plain http to \(address):\(tokens.port)") {
            #expect(tokens.seenRequests.count == pushRequests, "the password went to the realm in clear text")
        }
    }
}
