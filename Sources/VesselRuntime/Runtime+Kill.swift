import Glibc
import VesselOCISpec

extension Runtime {
    /// `kill [--all] ID SIGNAL`.
    public func kill(id: String, signal: Int32, all: Bool) throws {
        let directory = try store.open(id: id)
        defer { directory.close() }
        let record = try directory.load()
        let status = record.currentStatus(directory: directory)
        if status == .stopped && !all { throw RuntimeError.containerNotRunning(id: id) }
        if all {
            try signalAll(record: record, signal: signal)
        } else {
            guard Glibc.kill(record.pid, signal) == 0 else {
                if errno == ESRCH { throw RuntimeError.containerNotRunning(id: id) }
                throw SystemCall.errnoError("kill", "pid \(record.pid)")
            }
        }
    }

    /// Every process of the container: the cgroup's members, or failing that, every process in its pid namespace.
    func containerProcesses(record: ContainerRecord) -> [Int32] {
        if let path = record.cgroupPath {
            let members = CgroupStage.processes(path: path)
            if !members.isEmpty { return members }
        }
        guard ProcessStat.isAlive(pid: record.pid, startTime: record.pidStartTime) else { return [] }
        guard let namespace = Self.namespaceIdentity(pid: record.pid, name: "pid"),
              namespace != Self.namespaceIdentity(pid: getpid(), name: "pid") else { return [record.pid] }
        var result: [Int32] = []
        guard let directory = opendir("/proc") else { return [record.pid] }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if let pid = Int32(name), Self.namespaceIdentity(pid: pid, name: "pid") == namespace { result.append(pid) }
        }
        return result.sorted()
    }

    static func namespaceIdentity(pid: Int32, name: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        let count = readlink("/proc/\(pid)/ns/\(name)", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func signalAll(record: ContainerRecord, signal: Int32) throws {
        let frozen = record.cgroupPath.map { CgroupStage.isFrozen(cgroupPath: $0) } ?? false
        for pid in containerProcesses(record: record) { _ = Glibc.kill(pid, signal) }
        // A frozen process cannot act on the signal; thaw so SIGKILL takes effect.
        if frozen, let path = record.cgroupPath { try CgroupStage.thaw(path: path) }
    }
}
