internal import CVesselSys
import Glibc
import VesselOCISpec

extension Runtime {
    /// `start`: releases the init blocked on the exec fifo, then runs poststart hooks.
    public func start(id: String) throws {
        let directory = try store.open(id: id)
        defer { directory.close() }
        let record = try directory.load()
        let status = record.currentStatus(directory: directory)
        guard status == .created else {
            if status == .stopped { throw RuntimeError.containerNotRunning(id: id) }
            throw RuntimeError.containerNotCreated(id: id, status: status)
        }
        let fd = try SystemCall.check("open", directory.execFIFOPath) {
            vessel_open(directory.execFIFOPath, O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0)
        }
        defer { SystemCall.closeIgnoringErrors(fd) }
        // The init may not have opened its end yet: poll, and give up if it died meanwhile.
        var byte: UInt8 = 0
        while true {
            let count = read(fd, &byte, 1)
            if count == 1 { break }
            if count < 0 && errno != EAGAIN && errno != EINTR { throw SystemCall.errnoError("read", "exec fifo") }
            guard ProcessStat.isAlive(pid: record.pid, startTime: record.pidStartTime) else {
                throw RuntimeError.containerNotRunning(id: id)
            }
            usleep(1_000)
        }
        _ = unlink(directory.execFIFOPath)
        let spec = try? Spec.load(bundle: record.bundle)
        try HookRunner.run((spec?.hooks?.poststart ?? []).map(HookCommand.init), kind: "poststart",
                           stateJSON: record.stateJSON(status: .running))
    }
}
