internal import CVesselSys
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One container life cycle per runtime, alternating: `create --pid-file`, `start`, reap the container's
/// process, `delete`. The bench is a child subreaper, so when `create` exits the container init is reparented
/// to it and wait4 sees the exit at once (no `state` polling, whose cost would differ between runtimes).
/// `run` is not used: runc's foreground `run` deletes the container itself, so the commands would not match.
struct RuntimeCycleBenchmark {
    struct Cycle {
        let wallMilliseconds: Double
        let cpuMilliseconds: Double
        let peakRSSKiB: Int
    }

    struct Contender {
        let name: String
        let binary: String
        let root: String
        let bundle: RuntimeCycleBundle
        var cycles: [Cycle] = []
    }

    let options: RuntimeCycleOptions

    func run() throws {
        guard getuid() == 0 else { throw BenchError("runtime-cycle needs root") }
        // PR_SET_CHILD_SUBREAPER = 36.
        guard vessel_prctl(36, 1, 0, 0, 0) == 0 else { throw BenchError("cannot become a child subreaper: \(String(cString: strerror(errno)))") }
        let work = "/tmp/vessel-bench-cycle-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: work) }
        var contenders = [
            Contender(name: "vessel-runtime", binary: options.runtime, root: work + "/root-vessel",
                      bundle: try RuntimeCycleBundle(directory: work + "/bundle-vessel", runtime: options.runtime)),
            Contender(name: "runc", binary: options.peer, root: work + "/root-peer",
                      bundle: try RuntimeCycleBundle(directory: work + "/bundle-peer", runtime: options.peer)),
        ]
        let sameConfig = NSDictionary(dictionary: contenders[0].bundle.config).isEqual(to: contenders[1].bundle.config)
        print("runtime-cycle: \(options.runs) cycles each of create/start/reap/delete of /bin/true, alternating")
        print("  vessel-runtime: \(options.runtime)")
        print("  peer:           \(options.peer)")
        print("  configs from each runtime's own `spec`\(sameConfig ? " (identical)" : " (they differ)")")
        for index in 0..<options.runs {
            for slot in contenders.indices {
                let id = "bench-\(getpid())-\(slot)-\(index)"
                contenders[slot].cycles.append(try cycle(contenders[slot], id: id, work: work))
            }
        }
        let medians = contenders.map { contender in
            (wall: Statistics.median(contender.cycles.map(\.wallMilliseconds)),
             cpu: Statistics.median(contender.cycles.map(\.cpuMilliseconds)),
             rss: Statistics.median(contender.cycles.map { Double($0.peakRSSKiB) }))
        }
        for (contender, median) in zip(contenders, medians) {
            print("\(contender.name) median: cycle wall \(format(median.wall)) ms, runtime cpu \(format(median.cpu)) ms, peak RSS \(format(median.rss / 1024)) MiB")
        }
        print("ratio vessel/runc: wall \(format(medians[0].wall / medians[1].wall)), cpu \(format(medians[0].cpu / medians[1].cpu)), peak RSS \(format(medians[0].rss / medians[1].rss))")
    }

    /// Times one cycle; the RSS is the largest of the cycle's runtime processes (wait4 ru_maxrss).
    private func cycle(_ contender: Contender, id: String, work: String) throws -> Cycle {
        let base = [contender.binary, "--root", contender.root]
        let pidFile = work + "/\(id).pid"
        let errorLog = work + "/\(contender.name).err"
        defer { unlink(pidFile) }
        var start = timespec()
        clock_gettime(CLOCK_MONOTONIC, &start)
        let created = try ChildMeasurement.run(base + ["create", "--bundle", contender.bundle.path, "--pid-file", pidFile, id], stderrPath: errorLog)
        guard created.exitStatus == 0 else { throw failure(contender, "create", errorLog) }
        let pidText = (try? String(contentsOfFile: pidFile, encoding: .utf8)) ?? ""
        guard let pid = pid_t(pidText.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw BenchError("\(contender.name) create wrote no pid to \(pidFile)")
        }
        let started = try ChildMeasurement.run(base + ["start", id], stderrPath: errorLog)
        if started.exitStatus != 0 { kill(pid, SIGKILL) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw BenchError("cannot reap the \(contender.name) container (pid \(pid)): \(String(cString: strerror(errno)))") }
        }
        guard started.exitStatus == 0 else { throw failure(contender, "start", errorLog) }
        let deleted = try ChildMeasurement.run(base + ["delete", id], stderrPath: errorLog)
        guard deleted.exitStatus == 0 else { throw failure(contender, "delete", errorLog) }
        var end = timespec()
        clock_gettime(CLOCK_MONOTONIC, &end)
        let wall = Double(end.tv_sec - start.tv_sec) * 1000 + Double(end.tv_nsec - start.tv_nsec) / 1_000_000
        let steps = [created, started, deleted]
        return Cycle(wallMilliseconds: wall, cpuMilliseconds: steps.map(\.cpuMilliseconds).reduce(0, +),
                     peakRSSKiB: steps.map(\.peakRSSKiB).max() ?? 0)
    }

    private func failure(_ contender: Contender, _ step: String, _ errorLog: String) -> BenchError {
        BenchError("\(contender.name) \(step) failed: \(RuntimeCycleBundle.firstLine(of: errorLog))")
    }
}
