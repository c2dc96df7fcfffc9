#if canImport(Glibc)
import Glibc
#endif

/// While `vessel run` waits for the runtime in the foreground, SIGINT/SIGTERM/SIGHUP sent to `vessel` go to the
/// runtime, which passes them to the container; the container's exit then ends `vessel run`.
enum SignalForwarding {
    nonisolated(unsafe) private static var target: pid_t = 0

    /// Forwards signals to `pid` while `during` runs (a terminal relay, say), then waits for it.
    static func waitForwarding(to pid: pid_t, during: () -> Void = {}) -> Int32 {
        target = pid
        let handler: @convention(c) (Int32) -> Void = { signal in
            if SignalForwarding.target > 0 { kill(SignalForwarding.target, signal) }
        }
        for signal in [SIGINT, SIGTERM, SIGHUP] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = handler
            action.sa_flags = SA_RESTART
            sigaction(signal, &action, nil)
        }
        during()
        let code = ChildProcess.wait(pid)
        target = 0
        return code
    }
}
