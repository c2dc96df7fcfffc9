import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Blobs addressed by sha256 under `<root>/content`. A blob appears only complete and verified: it is written to
/// a private temp file, hashed on the way, and renamed into place only if the digest matches. Two writers of the
/// same blob each rename identical content, so concurrent pulls are safe.
public struct ContentStore: Sendable {
    public let directory: String
    var blobsDirectory: String { directory + "/blobs/sha256" }
    var ingestDirectory: String { directory + "/ingest" }

    public init(directory: String) throws {
        self.directory = directory
        for path in [blobsDirectory, ingestDirectory] {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
    }

    public func path(of digest: Digest) -> String { blobsDirectory + "/" + digest.hex }

    public func contains(_ digest: Digest) -> Bool { access(path(of: digest), F_OK) == 0 }

    public func size(of digest: Digest) -> Int64? {
        var status = stat()
        guard stat(path(of: digest), &status) == 0 else { return nil }
        return Int64(status.st_size)
    }

    /// A small blob (manifest, index, config), read whole.
    public func data(of digest: Digest, limit: Int = 16 << 20) throws -> Data {
        let path = path(of: digest)
        guard let size = size(of: digest) else { throw ImageError(.notFound, "blob \(digest) is not in the store") }
        guard size <= limit else { throw ImageError(.corrupt, "blob \(digest) is \(size) bytes, too large for JSON") }
        guard let data = FileManager.default.contents(atPath: path) else { throw ImageError(.system, "cannot read blob \(digest)") }
        return data
    }

    public func allDigests() -> [Digest] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: blobsDirectory)) ?? []
        return names.compactMap { try? Digest(hex: $0) }
    }

    public func delete(_ digest: Digest) {
        unlink(path(of: digest))
    }

    /// Stores bytes whose digest must be `expected` (if given); returns the digest.
    @discardableResult
    public func write(_ bytes: Data, expected: Digest? = nil) throws -> Digest {
        let writer = try BlobWriter(store: self)
        try bytes.withUnsafeBytes { try writer.write($0) }
        return try writer.commit(expected: expected)
    }

    /// Copies a file into the store, verifying it against `expected` (if given).
    @discardableResult
    public func copy(fileAt source: String, expected: Digest? = nil, expectedSize: Int64? = nil) throws -> Digest {
        if let expected, contains(expected) { return expected }
        let input = try FileSource(path: source)
        let writer = try BlobWriter(store: self)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = try input.read(into: buffer)
            if count == 0 { break }
            try writer.write(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
        if let expectedSize, writer.byteCount != expectedSize {
            writer.discard()
            throw ImageError(.corrupt, "blob \(expected?.description ?? source) is \(writer.byteCount) bytes, expected \(expectedSize): refused")
        }
        return try writer.commit(expected: expected)
    }
}
