import CVesselEvent
#if canImport(Glibc)
import Glibc
#endif

/// Host-initiated requests the guest never answers (no listener that replies, a stuck driver) are reset
/// after `requestTimeoutNanoseconds`, so the host program sees its socket close instead of waiting forever.
extension VsockDevice {
    /// Ticks every half second while requests are pending. Called with the lock held.
    func armRequestTimer() {
        guard !requestTimerArmed else { return }
        requestTimerArmed = true
        setRequestTimer(nanoseconds: 500_000_000)
    }

    private func setRequestTimer(nanoseconds: Int) {
        let period = timespec(tv_sec: nanoseconds / 1_000_000_000, tv_nsec: nanoseconds % 1_000_000_000)
        var specification = itimerspec(it_interval: period, it_value: period)
        timerfd_settime(requestTimer, 0, &specification, nil)
    }

    func expireRequests() {
        withServedQueues {
            var expirations: UInt64 = 0
            _ = read(requestTimer, &expirations, 8)
            let now = vessel_monotonic_nanoseconds()
            var waiting = false
            for connection in connections.values where connection.state == .connecting {
                if connection.requestDeadline <= now {
                    logger.debug("vsock: the guest did not answer \(connection.key); resetting")
                    resetConnection(connection)
                } else {
                    waiting = true
                }
            }
            if !waiting && requestTimerArmed {
                requestTimerArmed = false
                setRequestTimer(nanoseconds: 0)
            }
        }
    }
}
