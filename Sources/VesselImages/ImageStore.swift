import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Vessel's image store under one root (default /var/lib/vessel): content blobs, unpacked layer snapshots and
/// the named image records (`images/<sha256 of the name>.json`). Mutations hold an exclusive lock on `<root>/lock`.
public struct ImageStore: Sendable {
    public static let defaultRoot = "/var/lib/vessel"

    public let root: String
    public let content: ContentStore
    public let snapshots: SnapshotStore
    var recordsDirectory: String { root + "/images" }

    public init(root: String) throws {
        guard root.hasPrefix("/") else { throw ImageError(.invalidInput, "store root must be an absolute path: \(root)") }
        self.root = root
        do {
            try FileManager.default.createDirectory(atPath: root + "/images", withIntermediateDirectories: true)
        } catch {
            throw ImageError(.system, "cannot create the store at \(root): \(error.localizedDescription)")
        }
        content = try ContentStore(directory: root + "/content")
        snapshots = try SnapshotStore(directory: root + "/snapshots")
    }

    /// Runs `body` holding the store's exclusive lock.
    public func withLock<T>(_ body: () throws -> T) throws -> T {
        let fd = open(root + "/lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ImageError.system("cannot open \(root)/lock", errno: errno) }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw ImageError.system("cannot lock the store", errno: errno) }
        }
        return try body()
    }

    // MARK: records

    private func recordPath(for name: String) -> String {
        recordsDirectory + "/" + SHA256Hasher.digest(of: Array(name.utf8)).hex + ".json"
    }

    public func records() -> [ImageRecord] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: recordsDirectory)) ?? []
        return names.filter { $0.hasSuffix(".json") }.compactMap { name in
            guard let data = FileManager.default.contents(atPath: recordsDirectory + "/" + name) else { return nil }
            return try? JSONDecoder().decode(ImageRecord.self, from: data)
        }.sorted { $0.name < $1.name }
    }

    public func save(_ record: ImageRecord) throws {
        let data = try JSONEncoder().encode(record)
        try AtomicFile.write(data, to: recordPath(for: record.name))
    }

    public func deleteRecord(named name: String) {
        unlink(recordPath(for: name))
    }

    /// Finds an image by reference (`busybox`, `busybox:1`, `host:5000/app@sha256:...`) or by ID prefix.
    public func lookup(_ text: String) throws -> ImageRecord {
        let all = records()
        var idPrefix = text
        if idPrefix.hasPrefix("sha256:") { idPrefix.removeFirst(7) }
        if idPrefix.count >= 4, idPrefix.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) {
            let matches = all.filter { $0.id.hex.hasPrefix(idPrefix) }
            if let first = matches.first {
                guard Set(matches.map(\.id)).count == 1 else { throw ImageError(.invalidInput, "image ID \(text) is ambiguous") }
                return first
            }
        }
        let reference = try ImageReference(parsing: text)
        if let record = all.first(where: { $0.name == reference.description }) { return record }
        if let digest = reference.digest,
           let record = all.first(where: { $0.name.hasPrefix(reference.registry + "/" + reference.repository + ":") && $0.manifestDigest == digest }) {
            return record
        }
        throw ImageError(.notFound, "no such image: \(text) (see `vessel images`, or `vessel pull`/`vessel image load` it)")
    }

    // MARK: garbage collection

    /// Deletes blobs no image refers to and snapshots neither an image nor `keepingSnapshots` uses.
    /// Returns the number of blobs and snapshots removed and the bytes freed.
    public func collectGarbage(keepingSnapshots: Set<Digest>) throws -> (blobs: Int, snapshots: Int, bytes: Int64) {
        try withLock {
            let all = records()
            let liveBlobs = all.reduce(into: Set<Digest>()) { $0.formUnion($1.blobs) }
            let liveSnapshots = all.reduce(into: keepingSnapshots) { $0.formUnion($1.diffIDs) }
            var blobs = 0
            var bytes: Int64 = 0
            for digest in content.allDigests() where !liveBlobs.contains(digest) {
                bytes += content.size(of: digest) ?? 0
                content.delete(digest)
                blobs += 1
            }
            var removedSnapshots = 0
            for diffID in snapshots.all() where !liveSnapshots.contains(diffID) {
                try snapshots.remove(diffID)
                removedSnapshots += 1
            }
            snapshots.removeLeftovers()
            return (blobs, removedSnapshots, bytes)
        }
    }
}
