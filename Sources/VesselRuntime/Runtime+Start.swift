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
        try Self.awaitExecFIFO(fd, record: record)
        _ = unlink(directory.execFIFOPath)
        if let hooks = record.poststartHooks, !hooks.isEmpty {
            try HookRunner.run(hooks, kind: "poststart", stateJSON: record.stateJSON(status: .running))
        }
    }

    /// Waits for the init's byte on the exec fifo. Opening our end released the init's blocking open; it
    /// writes at once, so this normally returns after one poll. A pidfd (when the kernel has them) ends the wait
    /// if the init dies first; otherwise its liveness is checked every 100 ms.
    static func awaitExecFIFO(_ fd: Int32, record: ContainerRecord) throws {
        var pidfd = vessel_pidfd_open(record.pid, 0)
        // The pidfd must name our init, not a process that reused its pid.
        if pidfd >= 0 && !ProcessStat.isAlive(pid: record.pid, startTime: record.pidStartTime) {
            SystemCall.closeIgnoringErrors(pidfd)
            pidfd = -1
        }
        defer { SystemCall.closeIgnoringErrors(pidfd) }
        var byte: UInt8 = 0
        while true {
            let count = read(fd, &byte, 1)
            if count == 1 { return }
            if count < 0 && errno != EAGAIN && errno != EINTR { throw SystemCall.errnoError("read", "exec fifo") }
            if pidfd < 0, !ProcessStat.isAlive(pid: record.pid, startTime: record.pidStartTime) {
                throw RuntimeError.containerNotRunning(id: record.id)
            }
            var events = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0), pollfd(fd: pidfd, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&events, pidfd >= 0 ? 2 : 1, 100)
            if ready < 0 && errno != EINTR { throw SystemCall.errnoError("poll", "exec fifo") }
            guard events[0].revents & Int16(POLLIN) != 0 || ready == 0 || ready < 0 else {
                // The init exited (pidfd), or opened the fifo and closed it without writing (hang-up).
                throw RuntimeError.containerNotRunning(id: record.id)
            }
        }
    }
}
