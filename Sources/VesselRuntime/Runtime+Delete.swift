import Glibc
import VesselOCISpec

extension Runtime {
    /// `delete [--force] ID`: a created or stopped container is removed; a running one only with --force.
    public func delete(id: String, force: Bool) throws {
        try StateStore.validate(id: id)
        let directory: ContainerDirectory
        do {
            directory = try store.open(id: id)
        } catch RuntimeError.containerDoesNotExist(let missing) {
            // A create killed before it wrote state leaves only the directory: --force cleans that up.
            let path = store.root + "/" + id
            if force, SystemCall.fileExists(path) {
                _ = unlink(path + "/" + ContainerDirectory.execFIFOName)
                _ = unlink(path + "/.state.json.tmp")
                _ = rmdir(path)
                return
            }
            if force { return }
            throw RuntimeError.containerDoesNotExist(id: missing)
        }
        defer { directory.close() }
        let record = try directory.load()
        let status = record.currentStatus(directory: directory)
        switch status {
        case .stopped:
            break
        case .created, .creating:
            try killAndWait(record: record)
        case .running, .paused:
            guard force else { throw RuntimeError.containerNotStopped(id: id, status: status) }
            try killAndWait(record: record)
        }
        if let path = record.cgroupPath { CgroupStage.destroy(path: path) }
        try directory.remove()
        if record.phase != .creating && !record.poststopHooks.isEmpty {
            try HookRunner.run(record.poststopHooks, kind: "poststop", stateJSON: record.stateJSON(status: .stopped))
        }
    }

    private func killAndWait(record: ContainerRecord) throws {
        try signalAll(record: record, signal: SIGKILL)
        if record.pid > 0 { _ = Glibc.kill(record.pid, SIGKILL) }
        for _ in 0..<5000 {
            let anyAlive = ProcessStat.isAlive(pid: record.pid, startTime: record.pidStartTime)
                || !containerProcesses(record: record).filter { ProcessStat.read(pid: $0).map { $0.state != "Z" } ?? false }.isEmpty
            if !anyAlive { return }
            // Reap it if it is ours (run, or a create in this very process).
            var status: Int32 = 0
            _ = waitpid(record.pid, &status, WNOHANG)
            usleep(2_000)
        }
        throw RuntimeError.systemCall(name: "kill", context: "container \(record.id) did not die", errno: ETIMEDOUT)
    }
}
