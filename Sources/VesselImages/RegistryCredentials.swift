import Foundation

/// Basic-auth credentials per registry host, from a docker `config.json` (`{"auths": {"host": {"auth": base64(user:pass)}}}`).
public struct RegistryCredentials: Sendable {
    private let entries: [String: String]

    public init(entries: [String: String] = [:]) {
        self.entries = entries
    }

    /// Reads `path`; a missing file means no credentials, a malformed one is an error.
    public init(fileAt path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            self.init()
            return
        }
        struct File: Decodable {
            struct Entry: Decodable {
                var auth: String?
                var username: String?
                var password: String?
            }
            var auths: [String: Entry]?
        }
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw ImageError(.invalidInput, "malformed credentials file \(path)")
        }
        var entries: [String: String] = [:]
        for (key, entry) in file.auths ?? [:] {
            let host = key.replacingOccurrences(of: "https://", with: "").replacingOccurrences(of: "http://", with: "")
                .split(separator: "/").first.map(String.init) ?? key
            if let auth = entry.auth, !auth.isEmpty {
                entries[host] = auth
            } else if let username = entry.username, let password = entry.password {
                entries[host] = Data("\(username):\(password)".utf8).base64EncodedString()
            }
        }
        if let hub = entries["index.docker.io"] { entries["registry-1.docker.io"] = hub; entries["docker.io"] = hub }
        self.init(entries: entries)
    }

    /// The default file: $VESSEL_AUTH_FILE, else $DOCKER_CONFIG/config.json, else ~/.docker/config.json.
    public static func defaultPath() -> String {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["VESSEL_AUTH_FILE"], !path.isEmpty { return path }
        if let directory = environment["DOCKER_CONFIG"], !directory.isEmpty { return directory + "/config.json" }
        return (environment["HOME"] ?? "/root") + "/.docker/config.json"
    }

    /// The `Authorization: Basic` value for a host, if any.
    func basic(for host: String) -> String? {
        entries[host].map { "Basic " + $0 }
    }
}
