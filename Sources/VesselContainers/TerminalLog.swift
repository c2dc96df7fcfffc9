import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A detached container's terminal: a thread copies what the container writes to its pty into the log file, as
/// its pipes' output would be. The master stays open while the container runs, so its terminal never hangs up.
final class TerminalLog: @unchecked Sendable {
    private let master: Int32
    private let log: Int32
    private let drained = DispatchSemaphore(value: 0)
    private var finished = false

    init(master: Int32, log: Int32) {
        self.master = master
        self.log = log
        Thread { [self] in copy() }.start()
    }

    private func copy() {
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }  // EIO once every holder of the container's side has closed it
            var offset = 0
            while offset < count {
                let written = buffer.withUnsafeBytes { write(log, $0.baseAddress.map { $0 + offset }, count - offset) }
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { break }
                offset += written
            }
        }
        drained.signal()
    }

    /// After the container's init has exited: waits (briefly) for the last output, then closes the master.
    /// If the copier is still reading (a grandchild holds the pty open), the master stays open: closing it under
    /// the blocked read would let a reused descriptor's contents flow into the log. The monitor exits soon after.
    func finish() {
        guard !finished else { return }
        finished = true
        if drained.wait(timeout: .now() + 2) == .success { close(master) }
    }
}
