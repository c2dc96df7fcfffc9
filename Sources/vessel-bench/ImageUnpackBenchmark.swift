import Foundation
import VesselImages
#if canImport(Glibc)
import Glibc
#endif

/// vessel-bench image-unpack [--source DIR...] [--runs N] [--work DIR]
///
/// Unpack throughput of one gzip layer: Vessel's unpacker (a child process, decompressing, hashing the diffID and
/// writing the snapshot) against GNU `tar -xzf` (which decompresses in a gzip child), alternating, each into a fresh
/// directory on the same file system. The layer is a tar.gz of real directories (default /usr/include, /usr/lib/gcc).
struct ImageUnpackBenchmark {
    let arguments: [String]

    static let usage = "vessel-bench image-unpack [--source DIR]... [--runs N] [--work DIR]"

    func run() throws {
        guard getuid() == 0 else { throw BenchError("image-unpack needs root (both sides restore owners)") }
        let runs = Int(option("--runs", in: arguments) ?? "") ?? 5
        var sources: [String] = []
        for (index, argument) in arguments.enumerated() where argument == "--source" && index + 1 < arguments.count {
            sources.append(arguments[index + 1])
        }
        if sources.isEmpty { sources = ["/usr/include", "/usr/lib/gcc"] }
        let work = (option("--work", in: arguments) ?? "/var/tmp") + "/vessel-bench-unpack-\(getpid())"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileTree.remove(path: work) }

        let layer = work + "/layer.tar.gz"
        let relative = sources.map { String($0.drop { $0 == "/" }) }
        let build = try ChildMeasurement.run(["/bin/sh", "-c", "tar -C / -cf - \(relative.joined(separator: " ")) | gzip -6 > \(layer)"])
        guard build.exitStatus == 0 else { throw BenchError("cannot build the layer from \(sources)") }
        let diffResult = try capture("gzip -dc \(layer) | sha256sum")
        let diffID = String(diffResult.prefix(64))
        let tarBytes = Double(try capture("gzip -dc \(layer) | wc -c").trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        let layerBytes = Double((try FileManager.default.attributesOfItem(atPath: layer)[.size] as? Int) ?? 0)
        let files = try capture("tar -tzf \(layer) | wc -l").trimmingCharacters(in: .whitespacesAndNewlines)
        print("image-unpack: \(runs) runs each, alternating; layer of \(sources.joined(separator: " ")): \(files) entries, "
              + "\(format(tarBytes / 1_048_576)) MiB tar, \(format(layerBytes / 1_048_576)) MiB gzip")
        let tar = ["/bin/tar", "-xzf", layer, "-C"]
        let selfPath = ChildProcessPath.current
        var vessel: [ChildMeasurement] = []
        var peer: [ChildMeasurement] = []
        print("run  vessel: wall ms  cpu ms  |  GNU tar -xzf: wall ms  cpu ms")
        for index in 0..<runs {
            let vesselTarget = work + "/vessel-\(index)"
            let tarTarget = work + "/tar-\(index)"
            try FileManager.default.createDirectory(atPath: tarTarget, withIntermediateDirectories: true)
            sync()
            let ours = try ChildMeasurement.run([selfPath, "image-unpack-child", layer, diffID, vesselTarget])
            guard ours.exitStatus == 0 else { throw BenchError("vessel unpack failed (status \(ours.exitStatus))") }
            sync()
            let theirs = try ChildMeasurement.run(tar + [tarTarget])
            guard theirs.exitStatus == 0 else { throw BenchError("tar -xzf failed (status \(theirs.exitStatus))") }
            vessel.append(ours)
            peer.append(theirs)
            print("\(index + 1)  \(format(ours.wallMilliseconds))  \(format(ours.cpuMilliseconds))  |  \(format(theirs.wallMilliseconds))  \(format(theirs.cpuMilliseconds))")
            try FileTree.remove(path: vesselTarget)
            try FileTree.remove(path: tarTarget)
        }
        let ourWall = Statistics.median(vessel.map(\.wallMilliseconds))
        let peerWall = Statistics.median(peer.map(\.wallMilliseconds))
        let mebibytes = tarBytes / 1_048_576
        print("vessel median: wall \(format(ourWall)) ms (\(format(mebibytes / ourWall * 1000)) MiB/s of tar), cpu \(format(Statistics.median(vessel.map(\.cpuMilliseconds)))) ms")
        print("GNU tar -xzf median: wall \(format(peerWall)) ms (\(format(mebibytes / peerWall * 1000)) MiB/s of tar), cpu \(format(Statistics.median(peer.map(\.cpuMilliseconds)))) ms (tar and its gzip child)")
        print("throughput ratio vessel/tar: \(format(peerWall / ourWall)) (above 1.0: Vessel is faster)")
    }

    /// The child side: unpack one layer into a snapshot store at `directory`, verifying the diffID.
    static func child(_ arguments: [String]) throws {
        guard arguments.count == 3 else { throw BenchError("usage: image-unpack-child LAYER DIFFID DIR") }
        let store = try SnapshotStore(directory: arguments[2])
        try store.unpack(layerAt: arguments[0], diffID: try Digest(hex: arguments[1]))
    }

    /// Runs a shell pipeline and returns its stdout.
    private func capture(_ pipeline: String) throws -> String {
        let output = "/tmp/vessel-bench-capture-\(getpid())"
        defer { unlink(output) }
        let result = try ChildMeasurement.run(["/bin/sh", "-c", pipeline + " > \(output)"])
        guard result.exitStatus == 0 else { throw BenchError("\(pipeline) failed") }
        return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    }
}

/// This executable's path, for re-running itself as a child.
enum ChildProcessPath {
    static var current: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}
