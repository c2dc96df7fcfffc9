/// A content digest, `sha256:<64 lowercase hex>`. Only sha256 is accepted: it is what images use.
public struct Digest: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    public let hex: String

    public init(hex: String) throws {
        guard hex.utf8.count == 64, hex.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) else {
            throw ImageError(.invalidInput, "malformed sha256 digest: \(hex.prefix(80))")
        }
        self.hex = hex
    }

    /// For hex this module produced itself from a hash.
    init(trustedHex: String) {
        self.hex = trustedHex
    }

    public init(parsing text: String) throws {
        guard text.hasPrefix("sha256:") else {
            throw ImageError(.unsupported, "unsupported digest (only sha256): \(text.prefix(80))")
        }
        try self.init(hex: String(text.dropFirst(7)))
    }

    public var description: String { "sha256:" + hex }
    public var shortHex: String { String(hex.prefix(12)) }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(parsing: text)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public static func < (lhs: Digest, rhs: Digest) -> Bool { lhs.hex < rhs.hex }
}
