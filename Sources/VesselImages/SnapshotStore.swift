import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Unpacked layers under `<root>/snapshots/<diffID hex>`, each a directory in overlayfs's lower-dir format.
/// A snapshot is unpacked into a temp directory and renamed into place only when complete and its diffID
/// verified; any failure (a corrupt tar, a full disk) removes the partial directory.
public struct SnapshotStore: Sendable {
    public let directory: String

    public init(directory: String) throws {
        self.directory = directory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    public func path(of diffID: Digest) -> String { directory + "/" + diffID.hex }

    public func contains(_ diffID: Digest) -> Bool { access(path(of: diffID), F_OK) == 0 }

    public func all() -> [Digest] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.compactMap { try? Digest(hex: $0) }
    }

    public func remove(_ diffID: Digest) throws {
        try FileTree.remove(path: path(of: diffID))
    }

    /// Unpacks a layer blob (gzip, zstd or plain tar) into its snapshot unless it is already there.
    @discardableResult
    public func unpack(layerAt blobPath: String, diffID: Digest) throws -> UnpackStatistics {
        if contains(diffID) { return UnpackStatistics() }
        let (temporary, statistics) = try unpackToTemporary(layerAt: blobPath, expectedDiffID: diffID)
        if rename(temporary, path(of: diffID)) != 0 {
            let number = errno
            try? FileTree.remove(path: temporary)
            // Someone else finished the same snapshot first: theirs is identical.
            if number == ENOTEMPTY || number == EEXIST { return statistics }
            throw ImageError.system("cannot commit snapshot \(diffID)", errno: number)
        }
        return statistics
    }

    /// Unpacks into a fresh temp directory and returns it; the caller renames or removes it.
    func unpackToTemporary(layerAt blobPath: String, expectedDiffID: Digest?) throws -> (String, UnpackStatistics) {
        let temporary = directory + "/.tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        guard mkdir(temporary, 0o755) == 0 else { throw ImageError.system("cannot create \(temporary)", errno: errno) }
        do {
            let hashing = HashingSource(upstream: try LayerCompression.openUncompressed(path: blobPath))
            let unpacker = try LayerUnpacker(rootPath: temporary)
            try unpacker.apply(TarReader(source: hashing))
            let diffID = try hashing.drainAndFinalize()
            if let expectedDiffID, diffID != expectedDiffID {
                throw ImageError(.corrupt, "layer content does not match its diff ID: expected \(expectedDiffID), got \(diffID): refused")
            }
            var statistics = unpacker.statistics
            statistics.tarBytes = hashing.byteCount
            return (temporary, statistics)
        } catch {
            try? FileTree.remove(path: temporary)
            throw error
        }
    }

    /// Removes temp directories left by an unpack that was killed.
    public func removeLeftovers() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in names where name.hasPrefix(".tmp-") {
            let pid = name.dropFirst(5).split(separator: "-").first.flatMap { Int32($0) } ?? 0
            if pid > 0 && kill(pid, 0) == 0 { continue }
            try? FileTree.remove(path: directory + "/" + name)
        }
    }
}
