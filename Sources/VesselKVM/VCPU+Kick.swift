#if canImport(Glibc)
import Glibc
#endif

extension VCPU {
    /// Installs a do-nothing handler for `signal` without SA_RESTART, so a signal sent to a vCPU thread
    /// makes KVM_RUN return EINTR instead of terminating the process. Call once, before vCPU threads start.
    public static func installKickSignalHandler(_ signal: Int32) throws {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in }
        action.sa_flags = 0
        sigemptyset(&action.sa_mask)
        guard sigaction(signal, &action, nil) == 0 else {
            throw KVMError.invalidArgument("sigaction(\(signal)) failed: \(KVMError.text(for: errno))")
        }
    }

    /// Unblocks `signal` for the calling thread, which must be the vCPU thread: a blocked kick signal stays
    /// pending and never interrupts KVM_RUN. Thread pools (Swift concurrency, test runners) often block signals.
    public static func unblockKickSignalOnCurrentThread(_ signal: Int32) throws {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, signal)
        let result = pthread_sigmask(SIG_UNBLOCK, &set, nil)
        guard result == 0 else {
            throw KVMError.invalidArgument("pthread_sigmask(SIG_UNBLOCK, \(signal)) failed: \(KVMError.text(for: result))")
        }
    }

    /// Forces the vCPU on `thread` out of KVM_RUN: immediate_exit covers a thread that is about to enter,
    /// the signal one that is already inside. `run()` then returns `.interrupted`; clear the flag afterwards.
    public func kick(thread: pthread_t, signal: Int32) throws {
        setImmediateExit(true)
        let result = pthread_kill(thread, signal)
        guard result == 0 else {
            throw KVMError.invalidArgument("pthread_kill(\(signal)) failed: \(KVMError.text(for: result))")
        }
    }
}
