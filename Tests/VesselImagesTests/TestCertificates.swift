import Foundation

/// A throw-away CA, a server certificate for 127.0.0.1/localhost and a client certificate, made by `openssl`.
struct TestCertificates {
    let directory: String
    var caCertificate: String { directory + "/ca.crt" }
    var serverCertificate: String { directory + "/server.crt" }
    var serverKey: String { directory + "/server.key" }
    var clientCertificate: String { directory + "/client.cert" }
    var clientKey: String { directory + "/client.key" }

    /// Nil (after printing SKIP) when openssl is missing.
    static func make(in scratch: String, _ test: String = #function) throws -> TestCertificates? {
        guard let openssl = TestSupport.which("openssl") else {
            TestSupport.skip("openssl is missing", test)
            return nil
        }
        let certificates = TestCertificates(directory: scratch + "/certificates")
        try FileManager.default.createDirectory(atPath: certificates.directory, withIntermediateDirectories: true)
        try certificates.generate(binary: openssl)
        return certificates
    }

    private func generate(binary: String) throws {
        let ca = directory + "/ca"
        try runOpenSSL(binary, ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                              "-subj", "/CN=Vessel test CA", "-keyout", ca + ".key", "-out", caCertificate])
        for (name, subject, extensions) in [
            ("server", "/CN=localhost", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth"),
            ("client", "/CN=vessel-client", "extendedKeyUsage=clientAuth"),
        ] {
            let base = directory + "/" + name
            try TestSupport.write(Array(extensions.utf8), to: base + ".ext")
            try runOpenSSL(binary, ["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", subject,
                                  "-keyout", base + ".key", "-out", base + ".csr"])
            try runOpenSSL(binary, ["x509", "-req", "-in", base + ".csr", "-CA", caCertificate, "-CAkey", ca + ".key", "-CAcreateserial",
                                  "-days", "2", "-extfile", base + ".ext", "-out", base + (name == "server" ? ".crt" : ".cert")])
        }
    }

    private func runOpenSSL(_ binary: String, _ arguments: [String]) throws {
        let result = try TestSupport.run([binary] + arguments)
        guard result.status == 0 else { throw TestLayoutError.missingTool("openssl \(arguments.first ?? ""): \(result.stderr)") }
    }

    /// A certs.d directory for one registry holding `files` (names in this directory) under new names.
    func registryDirectory(at path: String, _ files: [(String, String)]) throws -> String {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (source, target) in files {
            try FileManager.default.copyItem(atPath: directory + "/" + source, toPath: path + "/" + target)
        }
        return path
    }
}
