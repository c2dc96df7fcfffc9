#if canImport(Glibc)
import Glibc
#endif

/// Where the guest's serial output goes. Each byte already cost a VM exit, so writing it
/// straight through costs little and keeps prompts and partial lines visible at once.
final class ConsoleOutput: Sendable {
    private let fileDescriptor: Int32

    init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
    }

    func write(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(fileDescriptor, base + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return  // The reader went away; the guest keeps running, as with an unplugged serial line.
            }
            offset += written
        }
    }
}
