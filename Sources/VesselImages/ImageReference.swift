/// A docker-style image reference: `[registry[:port]/]repository[:tag][@sha256:...]`.
/// Short names mean Docker Hub (`busybox` is `docker.io/library/busybox:latest`).
public struct ImageReference: Hashable, Sendable, CustomStringConvertible {
    public let registry: String
    public let repository: String
    public let tag: String?
    public let digest: Digest?

    public static let defaultRegistry = "docker.io"

    public init(registry: String, repository: String, tag: String?, digest: Digest?) {
        self.registry = registry
        self.repository = repository
        self.tag = tag
        self.digest = digest
    }

    public init(parsing text: String) throws {
        func malformed(_ why: String) -> ImageError {
            ImageError(.invalidInput, "malformed image reference \"\(text.prefix(200))\": \(why)")
        }
        guard !text.isEmpty else { throw malformed("empty") }
        guard text.utf8.count <= 255 else { throw malformed("longer than 255 characters") }
        var remainder = Substring(text)
        var digest: Digest?
        if let at = remainder.firstIndex(of: "@") {
            do {
                digest = try Digest(parsing: String(remainder[remainder.index(after: at)...]))
            } catch {
                throw malformed("bad digest")
            }
            remainder = remainder[..<at]
        }
        var tag: String?
        if let colon = remainder.lastIndex(of: ":"), !remainder[colon...].contains("/") {
            tag = String(remainder[remainder.index(after: colon)...])
            remainder = remainder[..<colon]
        }
        var components = remainder.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        var registry = Self.defaultRegistry
        if components.count > 1, let first = components.first,
           first.contains(".") || first.contains(":") || first == "localhost" {
            registry = first
            components.removeFirst()
            guard Self.isValidRegistry(registry) else { throw malformed("bad registry host") }
        }
        if registry == Self.defaultRegistry, components.count == 1 {
            components.insert("library", at: 0)
        }
        guard !components.isEmpty, components.allSatisfy(Self.isValidPathComponent) else {
            throw malformed("repository must be lowercase letters, digits and separators")
        }
        if let tag {
            guard Self.isValidTag(tag) else { throw malformed("bad tag") }
        }
        self.registry = registry
        self.repository = components.joined(separator: "/")
        self.tag = tag ?? (digest == nil ? "latest" : nil)
        self.digest = digest
    }

    /// The full name without abbreviation, as stored: `docker.io/library/busybox:latest`.
    public var description: String {
        var text = registry + "/" + repository
        if let tag { text += ":" + tag }
        if let digest { text += "@" + digest.description }
        return text
    }

    /// The familiar short form: `busybox:latest`, `127.0.0.1:5000/app:1`.
    public var familiarName: String {
        var name = repository
        if registry == Self.defaultRegistry {
            if name.hasPrefix("library/") { name.removeFirst(8) }
        } else {
            name = registry + "/" + name
        }
        return name
    }

    /// What the registry's manifest endpoint takes: the digest if pinned, else the tag.
    public var manifestReference: String { digest?.description ?? tag ?? "latest" }

    private static func isValidPathComponent(_ component: String) -> Bool {
        guard let first = component.utf8.first, let last = component.utf8.last else { return false }
        func alphanumeric(_ byte: UInt8) -> Bool { (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) }
        guard alphanumeric(first), alphanumeric(last) else { return false }
        return component.utf8.allSatisfy { alphanumeric($0) || $0 == 46 || $0 == 95 || $0 == 45 }
    }

    private static func isValidTag(_ tag: String) -> Bool {
        guard (1...128).contains(tag.utf8.count), let first = tag.utf8.first, first != 46, first != 45 else { return false }
        return tag.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) || $0 == 46 || $0 == 95 || $0 == 45 }
    }

    private static func isValidRegistry(_ host: String) -> Bool {
        !host.isEmpty && host.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) || $0 == 46 || $0 == 45 || $0 == 58 || $0 == 91 || $0 == 93 }
    }
}
