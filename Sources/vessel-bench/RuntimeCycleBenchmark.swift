internal import CVesselSys
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One container life cycle per runtime, alternating: `create --pid-file`, `start`, reap the container's
/// process, `delete`. The bench is a child subreaper, so when `create` exits the container init is reparented
/// to it and wait4 sees the exit at once (no `state` polling, whose cost would differ between runtimes).
/// `run` is not used: runc's foreground `run` deletes the container itself, so the commands would not match.
///
/// Wall and CPU come from direct children. Peak RSS comes from a second, shorter pass with every command under
/// GNU time: a direct child's ru_maxrss is at least this process's own peak (posix_spawn shares our mm until
/// exec, and exec records that mm's high-water mark), which would hide both runtimes behind one floor.
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
        var rssCycles: [Cycle] = []
    }

    let options: RuntimeCycleOptions

    func run() throws {
        guard getuid() == 0 else { throw BenchError("runtime-cycle needs root") }
        // PR_SET_CHILD_SUBREAPER = 36.
        guard vessel_prctl(36, 1, 0, 0, 0) == 0 else { throw BenchError("cannot become a child subreaper: \(String(cString: strerror(errno)))") }
        let work = "/tmp/vessel-bench-cycle-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: work) }
        let vesselSpec = options.ownSpec ? options.runtime : options.peer
        var contenders = [
            Contender(name: "vessel-runtime", binary: options.runtime, root: work + "/root-vessel",
                      bundle: try RuntimeCycleBundle(directory: work + "/bundle-vessel", specRuntime: vesselSpec)),
            Contender(name: "runc", binary: options.peer, root: work + "/root-peer",
                      bundle: try RuntimeCycleBundle(directory: work + "/bundle-peer", specRuntime: options.peer)),
        ]
        let sameConfig = NSDictionary(dictionary: contenders[0].bundle.config).isEqual(to: contenders[1].bundle.config)
        print("runtime-cycle: \(options.runs) cycles each of create/start/reap/delete of /bin/true, alternating")
        print("  vessel-runtime: \(options.runtime)")
        print("  peer:           \(options.peer)")
        print("  config.json from \(options.ownSpec ? "each runtime's own `spec`" : "the peer's `spec` for both")\(sameConfig ? " (identical)" : " (they differ)")")
        for index in 0..<options.runs {
            for slot in contenders.indices {
                let id = "bench-\(getpid())-\(slot)-\(index)"
                contenders[slot].cycles.append(try cycle(contenders[slot], id: id, work: work, gnuTime: nil))
            }
        }
        let rssRuns = min(options.runs, 20)
        if let gnuTime = options.gnuTime {
            for index in 0..<rssRuns {
                for slot in contenders.indices {
                    let id = "bench-rss-\(getpid())-\(slot)-\(index)"
                    contenders[slot].rssCycles.append(try cycle(contenders[slot], id: id, work: work, gnuTime: gnuTime))
                }
            }
        }
        var ownUsage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &ownUsage)
        let rssSource = options.gnuTime.map { "GNU time (\($0)), \(rssRuns) cycles" }
            ?? "direct wait4, floored at this process's own peak of \(format(Double(ownUsage.ru_maxrss) / 1024)) MiB (no GNU time found)"
        print("  peak RSS: largest runtime process of a cycle, median over cycles; from \(rssSource)")
        let medians = contenders.map { contender in
            (wall: Statistics.median(contender.cycles.map(\.wallMilliseconds)),
             cpu: Statistics.median(contender.cycles.map(\.cpuMilliseconds)),
             rss: Statistics.median((contender.rssCycles.isEmpty ? contender.cycles : contender.rssCycles).map { Double($0.peakRSSKiB) }))
        }
        for (contender, median) in zip(contenders, medians) {
            print("\(contender.name) median: cycle wall \(format(median.wall)) ms, runtime cpu \(format(median.cpu)) ms, peak RSS \(format(median.rss / 1024)) MiB")
        }
        print("ratio vessel/runc: wall \(format(medians[0].wall / medians[1].wall)), cpu \(format(medians[0].cpu / medians[1].cpu)), peak RSS \(format(medians[0].rss / medians[1].rss))")
    }

    /// Times one cycle; the RSS is the largest of the cycle's runtime processes.
    private func cycle(_ contender: Contender, id: String, work: String, gnuTime: String?) throws -> Cycle {
        let base = [contender.binary, "--root", contender.root]
        let pidFile = work + "/\(id).pid"
        let errorLog = work + "/\(contender.name).err"
        let rssFile = work + "/\(contender.name).rss"
        defer { unlink(pidFile) }
        var peakRSS = 0
        func step(_ name: String, _ arguments: [String]) throws -> ChildMeasurement {
            let command = gnuTime.map { [$0, "-f", "%M", "-o", rssFile] + base + arguments } ?? base + arguments
            let measured = try ChildMeasurement.run(command, stderrPath: errorLog)
            if gnuTime != nil {
                let text = (try? String(contentsOfFile: rssFile, encoding: .utf8)) ?? ""
                // GNU time appends "Command exited with non-zero status" before %M on failure: take the last line.
                let value = text.split(separator: "\n").last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? 0
                peakRSS = max(peakRSS, value)
            } else {
                peakRSS = max(peakRSS, measured.peakRSSKiB)
            }
            return measured
        }
        var start = timespec()
        clock_gettime(CLOCK_MONOTONIC, &start)
        let created = try step("create", ["create", "--bundle", contender.bundle.path, "--pid-file", pidFile, id])
        guard created.exitStatus == 0 else { throw failure(contender, "create", errorLog) }
        let pidText = (try? String(contentsOfFile: pidFile, encoding: .utf8)) ?? ""
        guard let pid = pid_t(pidText.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw BenchError("\(contender.name) create wrote no pid to \(pidFile)")
        }
        let started = try step("start", ["start", id])
        if started.exitStatus != 0 { kill(pid, SIGKILL) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw BenchError("cannot reap the \(contender.name) container (pid \(pid)): \(String(cString: strerror(errno)))") }
        }
        guard started.exitStatus == 0 else { throw failure(contender, "start", errorLog) }
        let deleted = try step("delete", ["delete", id])
        guard deleted.exitStatus == 0 else { throw failure(contender, "delete", errorLog) }
        var end = timespec()
        clock_gettime(CLOCK_MONOTONIC, &end)
        let wall = Double(end.tv_sec - start.tv_sec) * 1000 + Double(end.tv_nsec - start.tv_nsec) / 1_000_000
        let steps = [created, started, deleted]
        return Cycle(wallMilliseconds: wall, cpuMilliseconds: steps.map(\.cpuMilliseconds).reduce(0, +), peakRSSKiB: peakRSS)
    }

    private func failure(_ contender: Contender, _ step: String, _ errorLog: String) -> BenchError {
        BenchError("\(contender.name) \(step) failed: \(RuntimeCycleBundle.firstLine(of: errorLog))")
    }
}
