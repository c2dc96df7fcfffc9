#if canImport(Glibc)
import Glibc
import CVesselEvent
#endif

/// Turns SIGINT and SIGTERM into readable events on a signalfd, so the control loop stops the VM cleanly.
final class SignalWatcher {
    let fileDescriptor: Int32
    private var previousMask = sigset_t()

    init(signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]) throws {
        var mask = sigset_t()
        sigemptyset(&mask)
        for signal in signals { sigaddset(&mask, signal) }
        // Block before any vCPU thread exists so every thread inherits the mask.
        guard pthread_sigmask(SIG_BLOCK, &mask, &previousMask) == 0 else {
            throw VMMError.hostCallFailed(call: "pthread_sigmask", errno: errno)
        }
        fileDescriptor = signalfd(-1, &mask, Int32(SFD_CLOEXEC | SFD_NONBLOCK))
        guard fileDescriptor >= 0 else { throw VMMError.hostCallFailed(call: "signalfd", errno: errno) }
    }

    /// Returns the number of the pending signal, if any.
    func readSignal() -> Int32? {
        var info = signalfd_siginfo()
        let count = read(fileDescriptor, &info, MemoryLayout<signalfd_siginfo>.size)
        guard count == MemoryLayout<signalfd_siginfo>.size else { return nil }
        return Int32(info.ssi_signo)
    }

    deinit {
        close(fileDescriptor)
        _ = pthread_sigmask(SIG_SETMASK, &previousMask, nil)
    }
}
