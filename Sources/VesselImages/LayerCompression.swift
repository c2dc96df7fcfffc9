#if canImport(Glibc)
import Glibc
#endif

/// How a layer blob is compressed, told by its first bytes (media types lie often enough).
enum LayerCompression: String, Sendable {
    case none
    case gzip
    case zstd

    static func detect(path: String) throws -> LayerCompression {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ImageError.system("cannot open \(path)", errno: errno) }
        defer { close(fd) }
        var magic = [UInt8](repeating: 0, count: 4)
        let count = magic.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 4, 0) }
        if count >= 2, magic[0] == 0x1f, magic[1] == 0x8b { return .gzip }
        if count == 4, magic == [0x28, 0xb5, 0x2f, 0xfd] { return .zstd }
        return .none
    }

    /// A source of the layer's uncompressed tar stream.
    static func openUncompressed(path: String) throws -> ByteSource {
        let file = try FileSource(path: path)
        switch try detect(path: path) {
        case .none: return file
        case .gzip: return try GzipSource(upstream: file)
        case .zstd: return try ZstdSource(upstream: file)
        }
    }
}
