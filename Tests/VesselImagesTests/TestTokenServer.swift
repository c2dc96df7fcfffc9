import Crypto
import Foundation

/// A Bearer token service for a `docker-registry` configured with `auth.token`: it answers
/// `GET /token?service=...&scope=...` for one Basic-auth user with an ES256 JWT whose `x5c` header carries the
/// signing certificate, which the registry trusts through its `rootcertbundle`.
final class TestTokenServer: @unchecked Sendable {
    static let issuer = "vessel-test-issuer"
    static let service = "vessel-test-registry"

    let port: Int
    let address: String
    let signerCertificate: String
    private let listener: Int32
    private let signingKey: P256.Signing.PrivateKey
    private let certificateDER: String
    private let user: String
    private let lock = NSLock()
    private var requests: [(scope: String, authorized: Bool)] = []

    var realm: String { "http://\(address):\(port)/token" }

    /// The scopes asked for so far, and whether each request carried the user's credentials.
    var seenRequests: [(scope: String, authorized: Bool)] { lock.withLock { requests } }

    /// Makes the signing key and certificate with openssl in `directory`; nil (after SKIP) without openssl.
    static func start(in directory: String, user: String, password: String, address: String = "127.0.0.1",
                      _ test: String = #function) throws -> TestTokenServer? {
        guard let openssl = TestSupport.which("openssl") else {
            TestSupport.skip("openssl is missing", test)
            return nil
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let key = directory + "/signer.key", certificate = directory + "/signer.crt"
        for arguments in [["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                           "-subj", "/CN=vessel token signer", "-keyout", key, "-out", certificate],
                          ["x509", "-in", certificate, "-outform", "DER", "-out", certificate + ".der"]] {
            let result = try TestSupport.run([openssl] + arguments)
            guard result.status == 0 else { throw TestLayoutError.missingTool("openssl: \(result.stderr)") }
        }
        let signingKey = try P256.Signing.PrivateKey(pemRepresentation: try String(contentsOfFile: key, encoding: .utf8))
        let der = try Data(contentsOf: URL(fileURLWithPath: certificate + ".der")).base64EncodedString()
        return try TestTokenServer(signingKey: signingKey, certificateDER: der, signerCertificate: certificate, address: address,
                                   user: Data("\(user):\(password)".utf8).base64EncodedString()).run()
    }

    private init(signingKey: P256.Signing.PrivateKey, certificateDER: String, signerCertificate: String, address listenAddress: String,
                 user: String) throws {
        self.address = listenAddress
        self.signingKey = signingKey
        self.certificateDER = certificateDER
        self.signerCertificate = signerCertificate
        self.user = user
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        self.listener = listener
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr(listenAddress)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let listening = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, length) == 0 && listen(listener, 16) == 0 && getsockname(listener, $0, &length) == 0
            }
        }
        guard listening else {
            close(listener)
            throw TestLayoutError.missingTool("token server cannot listen")
        }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    private func run() -> Self {
        Thread { [self] in serve() }.start()
        return self
    }

    /// Closing the listener ends the accept loop.
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func serve() {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if errno == EINTR { continue }
                return
            }
            answer(connection)
            close(connection)
        }
    }

    private func answer(_ connection: Int32) {
        var request: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while !request.ends(with: Array("\r\n\r\n".utf8)) && request.count < 65536 {
            let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return }
            request += chunk[0..<count]
        }
        let lines = String(decoding: request, as: UTF8.self).components(separatedBy: "\r\n")
        let target = lines.first?.split(separator: " ").dropFirst().first.map(String.init) ?? ""
        let query = URLComponents(string: target)?.queryItems ?? []
        let scope = query.first { $0.name == "scope" }?.value ?? ""
        let authorized = lines.contains { $0.lowercased() == "authorization: basic \(user.lowercased())" }
        lock.withLock { requests.append((scope, authorized)) }
        let response: String
        if authorized, query.first(where: { $0.name == "service" })?.value == Self.service, let token = try? token(scope: scope) {
            let body = #"{"token":"\#(token)","expires_in":300}"#
            response = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
        } else {
            response = "HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        }
        let bytes = Array(response.utf8)
        _ = bytes.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// `repository:NAME:pull,push` → a JWT granting those actions on NAME.
    private func token(scope: String) throws -> String {
        let parts = scope.split(separator: ":")
        var access = "[]"
        if parts.count == 3 {
            let actions = parts[2].split(separator: ",").map { "\"\($0)\"" }.joined(separator: ",")
            access = #"[{"type":"\#(parts[0])","name":"\#(parts[1])","actions":[\#(actions)]}]"#
        }
        let now = Int(Date().timeIntervalSince1970)
        let header = #"{"typ":"JWT","alg":"ES256","x5c":["\#(certificateDER)"]}"#
        let claims = #"{"iss":"\#(Self.issuer)","sub":"alice","aud":"\#(Self.service)","exp":\#(now + 300),"nbf":\#(now - 10),"iat":\#(now),"jti":"\#(UUID().uuidString)","access":\#(access)}"#
        let signingInput = Self.base64URL(Data(header.utf8)) + "." + Self.base64URL(Data(claims.utf8))
        let signature = try signingKey.signature(for: Data(signingInput.utf8))
        return signingInput + "." + Self.base64URL(signature.rawRepresentation)
    }

    private static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

extension Array where Element == UInt8 {
    func ends(with suffix: [UInt8]) -> Bool {
        count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix
    }
}
