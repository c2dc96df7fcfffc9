import Foundation
import Glibc
import Testing

@Suite(.serialized)
struct LeakTests {
    /// Container inits still alive whose root is this test's bundle or whose cgroup is one of this test's. Other tests (and other users of the
    /// machine) run containers at the same time, so a machine-wide count of inits would be wrong.
    private static func initProcessCount(rootfs: String, idPrefix: String) -> Int {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { Int($0) != nil }.filter { pid in
            let cmdline = (try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)) ?? ""
            let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
            let root = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/root")) ?? ""
            let cgroups = (try? String(contentsOfFile: "/proc/\(pid)/cgroup", encoding: .utf8)) ?? ""
            let ours = root.hasPrefix(rootfs) || cgroups.contains("/" + idPrefix)
            return cmdline.hasPrefix("vessel-runtime\0init") && !stat.contains(") Z ") && ours
        }.count
    }

    @Test func thousandCreateStartDeleteCyclesLeaveNothing() throws {
        guard let runtime = TestEnvironment.harness() else { return }
        defer { runtime.cleanup() }
        let bundle = try BusyboxBundle(arguments: ["true"])
        defer { bundle.remove() }
        let mountsBefore = try String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8).split(separator: "\n").count
        let prefix = "leak\(getpid())"
        let budget = Date().addingTimeInterval(170)
        var completed = 0
        for index in 0..<1000 where Date() < budget {
            let id = "\(prefix)-\(index)"
            let created = try runtime.run(["create", "--bundle", bundle.path, id])
            try #require(created.status == 0, "cycle \(index): \(created.stderr)")
            let started = try runtime.run(["start", id])
            try #require(started.status == 0, "cycle \(index): \(started.stderr)")
            let deleted = try runtime.run(["delete", "--force", id])
            try #require(deleted.status == 0, "cycle \(index): \(deleted.stderr)")
            completed += 1
        }
        print("leak test: \(completed) cycles")
        #expect(completed >= 200, "only \(completed) cycles fit in the time budget")
        let left = try FileManager.default.contentsOfDirectory(atPath: runtime.root).filter { $0.hasPrefix(prefix) }
        #expect(left.isEmpty, "state dirs left: \(left.prefix(5))")
        for controller in ["memory", "pids", "cpu", "freezer", "devices"] {
            let cgroups = ((try? FileManager.default.contentsOfDirectory(atPath: "/sys/fs/cgroup/\(controller)/vessel")) ?? [])
                .filter { $0.hasPrefix(prefix) }
            #expect(cgroups.isEmpty, "\(controller) cgroups left: \(cgroups.prefix(5))")
        }
        let mountsAfter = try String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8).split(separator: "\n").count
        #expect(mountsAfter <= mountsBefore, "host mounts grew from \(mountsBefore) to \(mountsAfter)")
        usleep(200_000)
        #expect(Self.initProcessCount(rootfs: bundle.path, idPrefix: prefix) == 0, "container init processes left running")
    }
}
