import VesselOCISpec

extension Runtime {
    public func pause(id: String) throws {
        let directory = try store.open(id: id)
        defer { directory.close() }
        let record = try directory.load()
        let status = record.currentStatus(directory: directory)
        guard status == .running || status == .created else { throw RuntimeError.containerNotRunning(id: id) }
        guard let path = record.cgroupPath else { throw RuntimeError.cgroup("container \(id) has no cgroup to freeze") }
        try CgroupStage.freeze(path: path)
    }

    public func resume(id: String) throws {
        let directory = try store.open(id: id)
        defer { directory.close() }
        let record = try directory.load()
        guard record.currentStatus(directory: directory) == .paused, let path = record.cgroupPath else {
            throw RuntimeError.containerNotPaused(id: id)
        }
        try CgroupStage.thaw(path: path)
    }

    public func processes(id: String) throws -> [Int32] {
        let directory = try store.open(id: id)
        defer { directory.close() }
        let record = try directory.load()
        return containerProcesses(record: record)
    }
}
