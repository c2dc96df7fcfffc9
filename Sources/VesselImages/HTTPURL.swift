/// An `http://` or `https://` URL split into what an HTTP/1.1 request needs.
struct HTTPURL: CustomStringConvertible {
    var scheme: String
    var host: String
    var port: Int
    var target: String

    init(parsing text: String) throws {
        guard let schemeEnd = text.range(of: "://") else { throw ImageError(.invalidInput, "malformed URL \(text.prefix(200))") }
        scheme = text[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { throw ImageError(.unsupported, "unsupported URL scheme in \(text.prefix(200))") }
        let rest = text[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        target = String(rest[authority.endIndex...])
        if target.isEmpty { target = "/" } else if target.hasPrefix("?") { target = "/" + target }
        var hostPart = Substring(authority)
        if let at = hostPart.lastIndex(of: "@") { hostPart = hostPart[hostPart.index(after: at)...] }
        port = scheme == "https" ? 443 : 80
        if hostPart.hasPrefix("[") {
            guard let close = hostPart.firstIndex(of: "]") else { throw ImageError(.invalidInput, "malformed URL \(text.prefix(200))") }
            host = String(hostPart[hostPart.index(after: hostPart.startIndex)..<close])
            let after = hostPart[hostPart.index(after: close)...]
            if after.hasPrefix(":") {
                guard let number = Int(after.dropFirst()) else { throw ImageError(.invalidInput, "malformed port in \(text.prefix(200))") }
                port = number
            }
        } else if let colon = hostPart.lastIndex(of: ":") {
            host = String(hostPart[..<colon])
            guard let number = Int(hostPart[hostPart.index(after: colon)...]), (1...65535).contains(number) else {
                throw ImageError(.invalidInput, "malformed port in \(text.prefix(200))")
            }
            port = number
        } else {
            host = String(hostPart)
        }
        guard !host.isEmpty else { throw ImageError(.invalidInput, "URL without a host: \(text.prefix(200))") }
    }

    /// Resolves a Location header (absolute, or a path on the same server).
    func resolving(_ location: String) throws -> HTTPURL {
        if location.contains("://") { return try HTTPURL(parsing: location) }
        var copy = self
        copy.target = location.hasPrefix("/") ? location : "/" + location
        return copy
    }

    var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return (scheme == "http" && port == 80) || (scheme == "https" && port == 443) ? name : "\(name):\(port)"
    }

    var description: String { "\(scheme)://\(hostHeader)\(target)" }
}
