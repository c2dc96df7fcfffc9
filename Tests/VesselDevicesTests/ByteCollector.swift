import Synchronization

/// Collects bytes a device hands to its output sink.
final class ByteCollector: Sendable {
    private let storage = Mutex<[UInt8]>([])
    private let notifications = Mutex(0)

    var bytes: [UInt8] { storage.withLock { $0 } }
    var notificationCount: Int { notifications.withLock { $0 } }

    var sink: @Sendable (UInt8) -> Void {
        { [self] byte in storage.withLock { $0.append(byte) } }
    }

    var notify: @Sendable () -> Void {
        { [self] in notifications.withLock { $0 += 1 } }
    }
}
