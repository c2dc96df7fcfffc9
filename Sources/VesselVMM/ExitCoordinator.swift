import Synchronization
import VesselVirtio

/// Collects the first reason the machine should stop, from any vCPU or device thread,
/// and wakes the control loop. Later reasons are ignored: the first one is what the user sees.
final class ExitCoordinator: Sendable {
    private let reason = Mutex<MachineExit?>(nil)
    let wakeup: EventNotifier

    init() throws {
        wakeup = try EventNotifier()
    }

    var isStopping: Bool {
        reason.withLock { $0 != nil }
    }

    var exitReason: MachineExit? {
        reason.withLock { $0 }
    }

    func finish(_ exit: MachineExit) {
        let first = reason.withLock { current -> Bool in
            guard current == nil else { return false }
            current = exit
            return true
        }
        if first { wakeup.signal() }
    }
}
