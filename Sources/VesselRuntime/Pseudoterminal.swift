internal import CVesselSys
import Glibc

/// Creates a pty inside the container (after pivot_root, so the slave belongs to the container's devpts)
/// and makes the slave the calling process's controlling terminal and stdio.
enum Pseudoterminal {
    /// Returns the master fd (the caller sends it over the console socket and closes it) and the slave's path.
    static func openAndAttach(rows: UInt32?, columns: UInt32?) throws -> (master: Int32, slavePath: String) {
        let master = try SystemCall.check("posix_openpt", "/dev/ptmx") { vessel_open_pty_master() }
        var nameBuffer = [CChar](repeating: 0, count: 128)
        try SystemCall.check("ptsname") { Int32(vessel_pty_slave_name(master, &nameBuffer, nameBuffer.count)) == 0 ? 0 : -1 }
        let slavePath = stringFromCBuffer(nameBuffer)
        if let rows, let columns {
            var size = winsize(ws_row: UInt16(truncatingIfNeeded: rows), ws_col: UInt16(truncatingIfNeeded: columns), ws_xpixel: 0, ws_ypixel: 0)
            _ = vessel_ioctl_pointer(master, UInt(TIOCSWINSZ), &size)
        }
        let slave = try SystemCall.check("open", slavePath) { vessel_open(slavePath, O_RDWR | O_NOCTTY | O_CLOEXEC, 0) }
        defer { SystemCall.closeIgnoringErrors(slave) }
        _ = setsid()
        try SystemCall.check("ioctl", "TIOCSCTTY") { vessel_ioctl_value(slave, UInt(TIOCSCTTY), 0) }
        for target: Int32 in 0...2 {
            try SystemCall.check("dup2", "pty slave") { dup2(slave, target) }
        }
        return (master, slavePath)
    }
}
