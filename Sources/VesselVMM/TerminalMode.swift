#if canImport(Glibc)
import Glibc
import CVesselEvent
#endif

/// Puts a terminal into raw mode so keystrokes (Ctrl-C included) reach the guest, and restores it.
final class TerminalMode {
    private let fd: Int32
    private var saved = termios()
    private var active = false

    init(fileDescriptor: Int32) {
        fd = fileDescriptor
    }

    /// Does nothing when `fd` is not a terminal (pipes, files, /dev/null).
    func enterRawMode() {
        guard isatty(fd) == 1, tcgetattr(fd, &saved) == 0 else { return }
        var raw = saved
        cfmakeraw(&raw)
        // Keep output post-processing so host-side log lines still start at column 0.
        raw.c_oflag |= tcflag_t(OPOST | ONLCR)
        guard tcsetattr(fd, TCSANOW, &raw) == 0 else { return }
        active = true
    }

    func restore() {
        guard active else { return }
        _ = tcsetattr(fd, TCSANOW, &saved)
        active = false
    }

    deinit {
        restore()
    }
}
