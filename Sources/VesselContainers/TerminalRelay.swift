import CVesselSys
#if canImport(Glibc)
import Glibc
#endif

/// Connects this terminal to a container's pty: raw mode while it runs, window size copied (again on every
/// SIGWINCH), bytes both ways.
enum TerminalRelay {
    /// The self-pipe the SIGWINCH handler wakes the relay through. It is made once and never closed, so a
    /// handler running late on another thread cannot write into a descriptor that was reused.
    nonisolated(unsafe) private static var resizeWatcher: Int32 = -1
    nonisolated(unsafe) private static var resizeNotifier: Int32 = -1

    /// Relays until the container side closes, then restores the terminal.
    static func relay(master: Int32, forwardInput: Bool) {
        var saved = termios()
        let isTerminal = isatty(STDIN_FILENO) == 1 && tcgetattr(STDIN_FILENO, &saved) == 0
        var resizes: Int32 = -1
        if isTerminal {
            var raw = saved
            cfmakeraw(&raw)
            tcsetattr(STDIN_FILENO, TCSANOW, &raw)
            copyWindowSize(to: master)
            resizes = watchResizes()
        }
        defer {
            if isTerminal { tcsetattr(STDIN_FILENO, TCSANOW, &saved) }
            if resizes >= 0 { signal(SIGWINCH, SIG_DFL) }
        }
        var buffer = [UInt8](repeating: 0, count: 16384)
        var inputOpen = forwardInput
        while true {
            var pollers = [pollfd(fd: master, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: inputOpen ? STDIN_FILENO : -1, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: resizes, events: Int16(POLLIN), revents: 0)]
            if poll(&pollers, 3, -1) < 0 {
                if errno == EINTR { continue }
                return
            }
            if pollers[2].revents != 0 {
                var drain = [UInt8](repeating: 0, count: 64)
                _ = drain.withUnsafeMutableBytes { read(resizes, $0.baseAddress, $0.count) }
                // The kernel sends SIGWINCH to the container's foreground process group when the size changes.
                copyWindowSize(to: master)
            }
            if pollers[0].revents != 0 {
                let count = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { return }  // EIO once the container's side of the pty is closed
                writeAll(STDOUT_FILENO, buffer, count)
            }
            if pollers[1].revents != 0 {
                let count = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
                if count <= 0 {
                    inputOpen = false
                    // End of input: send the terminal's EOF character, as typing ^D would.
                    var eof: UInt8 = 4
                    _ = write(master, &eof, 1)
                } else {
                    writeAll(master, buffer, count)
                }
            }
        }
    }

    private static func copyWindowSize(to master: Int32) {
        var size = winsize()
        if ioctl(STDIN_FILENO, UInt(TIOCGWINSZ), &size) == 0 { _ = ioctl(master, UInt(TIOCSWINSZ), &size) }
    }

    /// Installs the SIGWINCH handler; returns the pipe end to poll, or -1 if there is none.
    private static func watchResizes() -> Int32 {
        if resizeWatcher < 0 {
            var ends: [Int32] = [-1, -1]
            guard vessel_pipe2(&ends, O_CLOEXEC | O_NONBLOCK) == 0 else { return -1 }
            resizeWatcher = ends[0]
            resizeNotifier = ends[1]
        }
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            var byte: UInt8 = 1
            _ = write(TerminalRelay.resizeNotifier, &byte, 1)
        }
        action.sa_flags = SA_RESTART
        sigaction(SIGWINCH, &action, nil)
        return resizeWatcher
    }

    private static func writeAll(_ fd: Int32, _ buffer: [UInt8], _ count: Int) {
        var offset = 0
        while offset < count {
            let written = buffer.withUnsafeBytes { write(fd, $0.baseAddress.map { $0 + offset }, count - offset) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return }
            offset += written
        }
    }
}
