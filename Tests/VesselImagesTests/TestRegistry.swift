import Foundation

/// Debian's `docker-registry` on a free loopback port with its own config and storage, stopped by its PID.
final class TestRegistry {
    let port: Int
    let directory: String
    let process: Process

    let address: String
    var host: String { "\(address):\(port)" }
    var logPath: String { directory + "/registry.log" }

    /// Nil (after printing SKIP) when docker-registry or skopeo is missing or the registry does not come up.
    /// With `tls`, it serves https with the server certificate; with `requireClientCertificate` it also demands a
    /// client certificate signed by the test CA.
    /// `auth` is a YAML `auth:` section (htpasswd or token) for the config.
    static func start(in scratch: String, tls: TestCertificates? = nil, requireClientCertificate: Bool = false,
                      address: String = "127.0.0.1", port: Int? = nil, auth: String? = nil, _ test: String = #function) -> TestRegistry? {
        guard let binary = TestSupport.which("docker-registry"), TestSupport.which("skopeo") != nil else {
            TestSupport.skip("docker-registry or skopeo is missing", test)
            return nil
        }
        do {
            return try TestRegistry(binary: binary, scratch: scratch, tls: tls, requireClientCertificate: requireClientCertificate,
                                    address: address, port: port, auth: auth)
        } catch {
            TestSupport.skip("the registry did not start: \(error)", test)
            return nil
        }
    }

    private init(binary: String, scratch: String, tls: TestCertificates?, requireClientCertificate: Bool, address: String, port fixedPort: Int?, auth: String?) throws {
        directory = scratch + "/registry-" + UUID().uuidString.prefix(8)
        self.address = address
        try FileManager.default.createDirectory(atPath: directory + "/data", withIntermediateDirectories: true)
        port = try fixedPort ?? TestRegistry.freePort()
        var config = """
            version: 0.1
            log:
              level: info
              accesslog:
                disabled: false
            storage:
              filesystem:
                rootdirectory: \(directory)/data
            http:
              addr: \(address):\(port)
            """
        if let tls {
            config += "\n  tls:\n    certificate: \(tls.serverCertificate)\n    key: \(tls.serverKey)\n"
            if requireClientCertificate { config += "    clientcas:\n      - \(tls.caCertificate)\n" }
        }
        if let auth { config += "\n" + auth + "\n" }
        try TestSupport.write(Array(config.utf8), to: directory + "/config.yml")
        _ = FileManager.default.createFile(atPath: directory + "/registry.log", contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: directory + "/registry.log"))
        process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", directory + "/config.yml"]
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        for _ in 0..<200 {
            if TestRegistry.canConnect(address: address, port: port) { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        stop()
        throw TestLayoutError.missingTool("registry on port \(port) did not accept connections")
    }

    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
    }

    /// `skopeo copy` from an OCI layout to this registry (http, or https without verification).
    func push(layout: String, reference: String, image: String, all: Bool = false, clientCertificates: String? = nil,
              credentials: String? = nil) throws {
        guard let skopeo = TestSupport.which("skopeo") else { throw TestLayoutError.missingTool("skopeo") }
        let certificates = (clientCertificates.map { ["--dest-cert-dir", $0] } ?? []) + (credentials.map { ["--dest-creds", $0] } ?? [])
        let result = try TestSupport.run([skopeo, "copy", "--quiet", "--dest-tls-verify=false"] + certificates + (all ? ["--all"] : [])
                                         + ["oci:\(layout):\(reference)", "docker://\(host)/\(image)"])
        guard result.status == 0 else { throw TestLayoutError.missingTool("skopeo push: \(result.stderr)") }
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw TestLayoutError.missingTool("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func canConnect(address host: String = "127.0.0.1", port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr(host)
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
