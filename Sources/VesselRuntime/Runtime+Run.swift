import Glibc

extension Runtime {
    /// `run`: create + start; unless detached, waits for the init and returns its exit code.
    public func run(id: String, options: CreateOptions, detach: Bool) throws -> Int32 {
        let pid = try create(id: id, options: options)
        do {
            try start(id: id)
        } catch {
            try? delete(id: id, force: true)
            throw error
        }
        if detach { return 0 }
        let code = ProcessWaiter.waitForwardingSignals(pid: pid)
        try delete(id: id, force: true)
        return code
    }
}
