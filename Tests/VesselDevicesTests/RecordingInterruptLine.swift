import Synchronization
import VesselDevices

/// Records every level a device drives, in order.
final class RecordingInterruptLine: InterruptLine {
    private let levels = Mutex<[Bool]>([])

    func setLevel(_ high: Bool) {
        levels.withLock { $0.append(high) }
    }

    var history: [Bool] { levels.withLock { $0 } }
    var isHigh: Bool { levels.withLock { $0.last ?? false } }

    func clear() {
        levels.withLock { $0.removeAll() }
    }
}
