import Foundation
import VesselImages
#if canImport(Glibc)
import Glibc
#endif

/// Container records and their directories under `<root>/containers`, and the runtime's state under `<root>/run`.
public struct ContainerStore: Sendable {
    public let root: String
    public var containersDirectory: String { root + "/containers" }
    public var runtimeRoot: String { root + "/run/runtime" }

    public init(root: String) throws {
        self.root = root
        do {
            try FileManager.default.createDirectory(atPath: containersDirectory, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: runtimeRoot, withIntermediateDirectories: true)
        } catch {
            throw ContainerError(.system, "cannot create \(containersDirectory): \(error.localizedDescription)")
        }
    }

    public func paths(of id: String) -> ContainerPaths { ContainerPaths(directory: containersDirectory + "/" + id) }

    public func all() -> [ContainerRecord] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: containersDirectory)) ?? []
        return names.compactMap { try? load(id: $0) }.sorted { $0.created > $1.created }
    }

    public func load(id: String) throws -> ContainerRecord {
        guard let data = FileManager.default.contents(atPath: paths(of: id).record) else {
            throw ContainerError(.notFound, "no such container: \(id)")
        }
        do {
            return try JSONDecoder().decode(ContainerRecord.self, from: data)
        } catch {
            throw ContainerError(.system, "container \(id) has an unreadable record")
        }
    }

    /// Writes the record atomically; a container removed meanwhile stays removed.
    public func save(_ record: ContainerRecord) throws {
        let paths = paths(of: record.id)
        guard access(paths.directory, F_OK) == 0 else { return }
        do {
            try AtomicFile.write(try JSONEncoder().encode(record), to: paths.record)
        } catch {
            throw ContainerError(.system, "cannot write \(paths.record): \(error)")
        }
    }

    /// Finds a container by name, full ID or unique ID prefix.
    public func lookup(_ text: String) throws -> ContainerRecord {
        let all = all()
        if let byName = all.first(where: { $0.name == text }) { return byName }
        let matches = text.isEmpty ? [] : all.filter { $0.id.hasPrefix(text) }
        guard matches.count <= 1 else { throw ContainerError(.invalidInput, "container ID prefix \(text) is ambiguous") }
        guard let match = matches.first else { throw ContainerError(.notFound, "no such container: \(text)") }
        return match
    }

    /// Snapshots in use by any container (kept by image garbage collection).
    public func snapshotsInUse() -> Set<Digest> {
        Set(all().flatMap { $0.snapshots.compactMap { try? Digest(parsing: $0) } })
    }

    /// Runs `body` holding the lock that makes name checks and record creation atomic.
    func withLock<T>(_ body: () throws -> T) throws -> T {
        let fd = open(containersDirectory + "/.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ContainerError(.system, "cannot open \(containersDirectory)/.lock") }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw ContainerError(.system, "cannot lock \(containersDirectory)") }
        }
        return try body()
    }
}
