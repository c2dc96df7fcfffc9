import VesselDevices
#if canImport(Glibc)
import Glibc
#endif

/// Feeds host input into the guest's UART, holding back what the UART cannot take yet
/// so a paste is delivered whole instead of being dropped.
final class ConsoleInput {
    private let fileDescriptor: Int32
    private let serial: Serial8250
    private var pending: [UInt8] = []
    private weak var loop: EventLoop?

    init(fileDescriptor: Int32, serial: Serial8250) {
        self.fileDescriptor = fileDescriptor
        self.serial = serial
    }

    var hasPendingInput: Bool { !pending.isEmpty }

    /// Regular files and /dev/null cannot be polled; such input is simply not forwarded.
    func attach(to loop: EventLoop) {
        self.loop = loop
        try? loop.watch(fileDescriptor) { [weak self] _ in self?.readAvailable() }
    }

    private func readAvailable() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { bytes -> Int in
            guard let base = bytes.baseAddress else { return 0 }
            return read(fileDescriptor, base, bytes.count)
        }
        if count < 0 && (errno == EINTR || errno == EAGAIN) { return }
        guard count > 0 else {
            // End of input (or an error): stop watching, the guest keeps running.
            loop?.unwatch(fileDescriptor)
            return
        }
        pending.append(contentsOf: buffer.prefix(count))
        flushPending()
    }

    func flushPending() {
        guard !pending.isEmpty else { return }
        let accepted = serial.enqueueInput(pending)
        pending.removeFirst(accepted)
    }
}
