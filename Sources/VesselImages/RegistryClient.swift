import Foundation
import NIOSSL

/// A client of the OCI distribution API (`/v2/<name>/manifests/<ref>`, `/v2/<name>/blobs/<digest>`) over https,
/// with Bearer tokens from WWW-Authenticate challenges and Basic auth from a credentials file.
public final class RegistryClient {
    public let registry: String
    private var base: HTTPURL
    private let credentials: RegistryCredentials
    private let tls: RegistryTLS
    private let timeoutSeconds: Int
    private let insecure: Bool
    private var authorization: String?
    private var tlsContexts: [String: NIOSSLContext] = [:]

    /// https with verified certificates. A registry on loopback, or any with `insecure`, falls back to plain http
    /// when it answers the TLS handshake as an http server, or, given no port, when nothing listens on 443 but
    /// port 80 does (as docker does for insecure registries). `insecure` also skips certificate checks, and allows
    /// plain http to every host of the pull; without it, plain http to a host off loopback is refused.
    public init(registry: String, insecure: Bool, credentials: RegistryCredentials, tls: RegistryTLS = RegistryTLS(), timeoutSeconds: Int = 30) throws {
        let host = registry == ImageReference.defaultRegistry ? "registry-1.docker.io" : registry
        self.registry = host
        base = try HTTPURL(parsing: "https://\(host)/v2/")
        self.credentials = credentials
        var tls = tls
        if insecure { tls.verifyCertificates = false }
        self.tls = tls
        self.timeoutSeconds = timeoutSeconds
        self.insecure = insecure
        authorization = credentials.basic(for: host)
    }

    /// `localhost`, 127.0.0.0/8 or ::1: a name merely starting with "127." is not.
    static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 { return UInt32(bigEndian: v4.s_addr) >> 24 == 127 }
        var v6 = in6_addr()
        var loopback6 = in6_addr()
        guard inet_pton(AF_INET6, host, &v6) == 1, inet_pton(AF_INET6, "::1", &loopback6) == 1 else { return false }
        return withUnsafeBytes(of: &v6) { mine in withUnsafeBytes(of: &loopback6) { mine.elementsEqual($0) } }
    }

    private func isRegistry(_ url: HTTPURL) -> Bool { url.host == base.host && url.port == base.port }

    private func mayUsePlainHTTP(to url: HTTPURL) -> Bool { insecure || Self.isLoopback(url.host) }

    /// Opens one exchange. A plain-http answer to https, or no listener on 443, switches the registry to http
    /// where `init` allows it; anywhere else (another host, such as a token realm) it is an error.
    private func exchange(_ method: String, url: inout HTTPURL, headers: [(String, String)]) throws -> HTTPConnection {
        guard url.scheme == "https" || mayUsePlainHTTP(to: url) else {
            throw ImageError(.network, "refusing plain http to \(url.hostHeader), which is not on loopback (use --insecure to allow it)")
        }
        do {
            return try HTTPConnection(method: method, url: url, headers: headers, over: try stream(to: url))
        } catch is TLSStream.PlainHTTPPeer {
            guard mayUsePlainHTTP(to: url), isRegistry(url) else {
                throw ImageError(.network, "\(url.hostHeader) speaks plain http, not https (use --insecure to allow plain http)")
            }
            // The port that answered in http stays.
            base.scheme = "http"
            url.scheme = "http"
            return try HTTPConnection(method: method, url: url, headers: headers, over: try stream(to: url))
        } catch let failure as TLSStream.CannotConnect {
            // Only a registry named without a port (so https went to 443) is retried on http's own port.
            guard mayUsePlainHTTP(to: url), isRegistry(url), url.port == 443 else { throw ImageError(.network, failure.message) }
            var plain = url
            plain.scheme = "http"
            plain.port = 80
            let connection: HTTPConnection
            do {
                connection = try HTTPConnection(method: method, url: plain, headers: headers, over: try stream(to: plain))
            } catch let error as ImageError {
                throw ImageError(.network, "\(failure.message), nor over plain http: \(error.message)")
            }
            base.scheme = "http"
            base.port = 80
            url = plain
            return connection
        }
    }

    private func stream(to url: HTTPURL) throws -> ByteStream {
        guard url.scheme == "https" else { return try TCPStream(host: url.host, port: url.port, timeoutSeconds: timeoutSeconds) }
        let context: NIOSSLContext
        if let cached = tlsContexts[url.hostHeader] {
            context = cached
        } else {
            // --cert-dir is the registry's; a token realm or blob CDN gets only its own certs.d entry.
            var hostTLS = tls
            if !isRegistry(url) { hostTLS.certificateDirectory = nil }
            context = try hostTLS.context(for: url.hostHeader)
            tlsContexts[url.hostHeader] = context
        }
        return try TLSStream(host: url.host, port: url.port, context: context, timeoutSeconds: timeoutSeconds)
    }

    /// Sends a request, answering one auth challenge and following up to five redirects.
    func request(_ method: String, path: String, headers: [(String, String)] = []) throws -> HTTPConnection {
        var url = base
        url.target = path
        var triedAuth = false
        var redirects = 0
        var sameHost = true
        while true {
            var allHeaders = headers
            if let authorization, sameHost { allHeaders.append(("Authorization", authorization)) }
            let connection = try exchange(method, url: &url, headers: allHeaders)
            // A 401 from another host (a blob CDN) is not answered with this registry's credentials.
            if connection.status == 401, !triedAuth, sameHost, let challenge = connection.header("www-authenticate") {
                triedAuth = true
                authorization = try answer(challenge)
                continue
            }
            if [301, 302, 303, 307, 308].contains(connection.status), let location = connection.header("location") {
                redirects += 1
                guard redirects <= 5 else { throw ImageError(.network, "too many redirects from \(registry)") }
                let next = try url.resolving(location)
                sameHost = sameHost && next.scheme == base.scheme && isRegistry(next)
                url = next
                continue
            }
            return connection
        }
    }

    /// `Bearer realm="...",service="...",scope="..."` → a token from the realm; `Basic` → the stored credentials.
    private func answer(_ challenge: String) throws -> String {
        let trimmed = challenge.trimmingCharacters(in: .whitespaces)
        let scheme = trimmed.prefix { $0 != " " }.lowercased()
        if scheme == "basic" {
            guard let basic = credentials.basic(for: registry) else {
                throw ImageError(.network, "\(registry) requires a login (no credentials for it in \(RegistryCredentials.defaultPath()))")
            }
            return basic
        }
        guard scheme == "bearer" else { throw ImageError(.unsupported, "unsupported auth scheme from \(registry): \(scheme)") }
        let parameters = Self.challengeParameters(String(trimmed.dropFirst(6)))
        guard let realm = parameters["realm"] else { throw ImageError(.network, "\(registry) sent a Bearer challenge without a realm") }
        var query: [String] = []
        for key in ["service", "scope"] {
            if let value = parameters[key] {
                query.append("\(key)=\(value.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+"))) ?? value)")
            }
        }
        var tokenURL = try HTTPURL(parsing: realm + (query.isEmpty ? "" : (realm.contains("?") ? "&" : "?") + query.joined(separator: "&")))
        var headers: [(String, String)] = []
        if let basic = credentials.basic(for: registry) { headers.append(("Authorization", basic)) }
        let connection = try exchange("GET", url: &tokenURL, headers: headers)
        guard connection.status == 200 else {
            throw ImageError(.network, "token request to \(tokenURL.hostHeader) failed with HTTP \(connection.status)")
        }
        struct TokenResponse: Decodable {
            var token: String?
            var accessToken: String?
            enum CodingKeys: String, CodingKey {
                case token
                case accessToken = "access_token"
            }
        }
        let body = Data(try connection.readBody(limit: 1 << 20))
        guard let response = try? JSONDecoder().decode(TokenResponse.self, from: body), let token = response.token ?? response.accessToken else {
            throw ImageError(.network, "token response from \(tokenURL.hostHeader) has no token")
        }
        return "Bearer " + token
    }

    static func challengeParameters(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        var rest = Substring(text)
        while !rest.isEmpty {
            rest = rest.drop { $0 == " " || $0 == "," }
            let key = rest.prefix { $0 != "=" }
            rest = rest.dropFirst(key.count + 1)
            var value = ""
            if rest.hasPrefix("\"") {
                rest = rest.dropFirst()
                value = String(rest.prefix { $0 != "\"" })
                rest = rest.dropFirst(value.count + 1)
            } else {
                value = String(rest.prefix { $0 != "," })
                rest = rest.dropFirst(value.count)
            }
            if !key.isEmpty { result[key.trimmingCharacters(in: .whitespaces).lowercased()] = value }
        }
        return result
    }

    static let manifestAccept = [MediaType.ociIndex, MediaType.ociManifest, MediaType.dockerManifestList, MediaType.dockerManifest].joined(separator: ", ")

    /// The manifest or index a reference names: its bytes, declared media type and digest (verified if pinned).
    func manifest(repository: String, reference: String, expected: Digest?) throws -> (data: Data, mediaType: String?, digest: Digest) {
        let connection = try request("GET", path: "/v2/\(repository)/manifests/\(reference)", headers: [("Accept", Self.manifestAccept)])
        guard connection.status == 200 else {
            if connection.status == 404 { throw ImageError(.notFound, "\(registry)/\(repository):\(reference) not found (HTTP 404)") }
            if connection.status == 401 || connection.status == 403 {
                throw ImageError(.network, "access to \(registry)/\(repository) denied (HTTP \(connection.status))")
            }
            throw ImageError(.network, "manifest request to \(registry) failed with HTTP \(connection.status)")
        }
        let data = try connection.readBody(limit: 4 << 20)
        let digest = SHA256Hasher.digest(of: data)
        if let expected, expected != digest {
            throw ImageError(.corrupt, "manifest content does not match its digest: expected \(expected), got \(digest): refused")
        }
        let mediaType = connection.header("content-type").map { String($0.prefix { $0 != ";" }).trimmingCharacters(in: .whitespaces) }
        return (Data(data), mediaType, digest)
    }

    /// Downloads a blob into the store, resuming a partial download with Range when the server allows it.
    func fetchBlob(_ descriptor: Descriptor, repository: String, into store: ContentStore, progress: ProgressHandler?) throws {
        if store.contains(descriptor.digest) {
            progress?(TransferProgress(digest: descriptor.digest, phase: .alreadyPresent, completed: descriptor.size, total: descriptor.size))
            return
        }
        let writer = try ResumableBlobWriter(store: store, digest: descriptor.digest)
        if writer.alreadyCommitted {
            progress?(TransferProgress(digest: descriptor.digest, phase: .alreadyPresent, completed: descriptor.size, total: descriptor.size))
            return
        }
        if writer.offset > descriptor.size { try writer.restart() }
        var headers: [(String, String)] = []
        if writer.offset > 0 && writer.offset < descriptor.size { headers.append(("Range", "bytes=\(writer.offset)-")) }
        let connection = try request("GET", path: "/v2/\(repository)/blobs/\(descriptor.digest)", headers: headers)
        switch connection.status {
        case 206:
            break
        case 200:
            if writer.offset > 0 { try writer.restart() }
        case 404:
            throw ImageError(.notFound, "blob \(descriptor.digest) not found in \(registry)/\(repository)")
        default:
            throw ImageError(.network, "blob request to \(registry) failed with HTTP \(connection.status)")
        }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 16)
        defer { buffer.deallocate() }
        var lastReport = Date.distantPast
        while true {
            let count = try connection.read(into: buffer)
            if count == 0 { break }
            try writer.write(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            guard writer.offset <= descriptor.size else {
                try writer.restart()
                throw ImageError(.corrupt, "blob \(descriptor.digest) is larger than its descriptor's \(descriptor.size) bytes: refused")
            }
            if Date().timeIntervalSince(lastReport) > 0.1 {
                lastReport = Date()
                progress?(TransferProgress(digest: descriptor.digest, phase: .downloading, completed: writer.offset, total: descriptor.size))
            }
        }
        guard writer.offset == descriptor.size else {
            throw ImageError(.network, "download of \(descriptor.digest) ended at \(writer.offset) of \(descriptor.size) bytes (run the pull again to resume)")
        }
        try writer.commit()
        progress?(TransferProgress(digest: descriptor.digest, phase: .done, completed: descriptor.size, total: descriptor.size))
    }
}
