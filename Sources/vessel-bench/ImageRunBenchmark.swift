import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// vessel-bench image-run --layout DIR [--runs N] [--vessel PATH] [--runtime PATH]
///
/// The cost of the image layer: a warm `vessel run --rm IMAGE /bin/true` (image already loaded and unpacked: it
/// mounts the overlay, writes the bundle, runs the runtime, unmounts and removes the container) against the bare
/// runtime cycle `vessel-runtime run --bundle B ID` of the same rootfs, alternating, as direct children.
struct ImageRunBenchmark {
    let arguments: [String]

    static let usage = "vessel-bench image-run --layout DIR [--runs N] [--vessel PATH] [--runtime PATH]"

    func run() throws {
        guard getuid() == 0 else { throw BenchError("image-run needs root") }
        guard let layout = option("--layout", in: arguments) else { throw BenchError("usage: \(Self.usage)") }
        let runs = Int(option("--runs", in: arguments) ?? "") ?? 50
        let directory = URL(fileURLWithPath: ChildProcessPath.current).deletingLastPathComponent().path
        let vessel = option("--vessel", in: arguments) ?? directory + "/vessel"
        let runtime = option("--runtime", in: arguments) ?? directory + "/vessel-runtime"
        let work = "/var/tmp/vessel-bench-run-\(getpid())"
        let root = work + "/store"
        let image = "vessel.bench/busybox:1"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer {
            _ = try? ChildMeasurement.run(["/bin/rm", "-rf", work])
        }
        let load = try ChildMeasurement.run([vessel, "image", "load", "--root", root, "--name", image, layout])
        guard load.exitStatus == 0 else { throw BenchError("vessel image load \(layout) failed") }

        // The bare bundle: the same unpacked layer, copied, with the runtime's own default spec running /bin/true.
        let bundle = work + "/bundle"
        let snapshots = try FileManager.default.contentsOfDirectory(atPath: root + "/snapshots").filter { !$0.hasPrefix(".") }
        guard snapshots.count == 1 else { throw BenchError("expected a one-layer image, found \(snapshots.count) snapshots") }
        try FileManager.default.createDirectory(atPath: bundle, withIntermediateDirectories: true)
        guard try ChildMeasurement.run(["/bin/cp", "-a", root + "/snapshots/" + snapshots[0], bundle + "/rootfs"]).exitStatus == 0,
              try ChildMeasurement.run([runtime, "spec", "--bundle", bundle]).exitStatus == 0,
              let data = FileManager.default.contents(atPath: bundle + "/config.json"),
              var spec = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw BenchError("cannot prepare the bare bundle")
        }
        var process = spec["process"] as? [String: Any] ?? [:]
        process["args"] = ["/bin/true"]
        process["terminal"] = false
        spec["process"] = process
        try JSONSerialization.data(withJSONObject: spec).write(to: URL(fileURLWithPath: bundle + "/config.json"))

        let vesselCommand = [vessel, "run", "--root", root, "--rm", image, "/bin/true"]
        let runtimeRoot = work + "/runtime-root"
        // Warm both paths once.
        _ = try ChildMeasurement.run(vesselCommand)
        _ = try ChildMeasurement.run([runtime, "--root", runtimeRoot, "run", "--bundle", bundle, "bench-warm-\(getpid())"])
        var ours: [ChildMeasurement] = []
        var bare: [ChildMeasurement] = []
        print("image-run: \(runs) cycles each, alternating: `vessel run --rm \(image) /bin/true` vs `vessel-runtime run --bundle B ID`")
        for index in 0..<runs {
            let measured = try ChildMeasurement.run(vesselCommand)
            guard measured.exitStatus == 0 else { throw BenchError("vessel run failed (status \(measured.exitStatus))") }
            let peer = try ChildMeasurement.run([runtime, "--root", runtimeRoot, "run", "--bundle", bundle, "bench-\(getpid())-\(index)"])
            guard peer.exitStatus == 0 else { throw BenchError("vessel-runtime run failed (status \(peer.exitStatus))") }
            ours.append(measured)
            bare.append(peer)
        }
        let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: root + "/containers"))?.filter { !$0.hasPrefix(".") } ?? []
        let wall = Statistics.median(ours.map(\.wallMilliseconds))
        let peerWall = Statistics.median(bare.map(\.wallMilliseconds))
        let cpu = Statistics.median(ours.map(\.cpuMilliseconds))
        let peerCPU = Statistics.median(bare.map(\.cpuMilliseconds))
        print("vessel run --rm median: wall \(format(wall)) ms, cpu \(format(cpu)) ms (containers left: \(leftovers.count))")
        print("vessel-runtime run median: wall \(format(peerWall)) ms, cpu \(format(peerCPU)) ms")
        print("image layer overhead: wall +\(format(wall - peerWall)) ms, ratio vessel run/runtime run: wall \(format(wall / peerWall)), cpu \(format(cpu / peerCPU))")
    }
}
