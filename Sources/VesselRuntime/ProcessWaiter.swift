import Glibc

/// Waits for a child while forwarding the signals the runtime receives to it (`run`, foreground `exec`).
enum ProcessWaiter {
    static func waitForwardingSignals(pid: Int32) -> Int32 {
        var all = sigset_t()
        sigfillset(&all)
        var previous = sigset_t()
        sigprocmask(SIG_BLOCK, &all, &previous)
        defer { sigprocmask(SIG_SETMASK, &previous, nil) }
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { return ExitStatus.shellCode(status) }
            if result < 0 && errno != EINTR { return 255 }
            var info = siginfo_t()
            var timeout = timespec(tv_sec: 0, tv_nsec: 100_000_000)
            let signal = sigtimedwait(&all, &info, &timeout)
            if signal > 0 && signal != SIGCHLD && signal != SIGWINCH && signal != SIGURG {
                _ = kill(pid, signal)
            }
        }
    }
}
