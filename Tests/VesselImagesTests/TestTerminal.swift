import CVesselSys
import Foundation

/// A pseudo-terminal the test holds the master of, to run `vessel` on as if a person sat at it.
final class TestTerminal {
    let master: Int32
    let slave: FileHandle
    private(set) var output = ""

    init(rows: UInt16, columns: UInt16) throws {
        master = vessel_open_pty_master()
        var name = [CChar](repeating: 0, count: 128)
        guard master >= 0, vessel_pty_slave_name(master, &name, name.count) == 0 else {
            throw TestLayoutError.missingTool("no pseudo-terminal")
        }
        let path = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let slaveFD = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard slaveFD >= 0 else { throw TestLayoutError.missingTool("cannot open \(path)") }
        slave = FileHandle(fileDescriptor: slaveFD, closeOnDealloc: true)
        try setSize(rows: rows, columns: columns)
    }

    deinit { close(master) }

    func setSize(rows: UInt16, columns: UInt16) throws {
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        guard ioctl(master, UInt(TIOCSWINSZ), &size) == 0 else { throw TestLayoutError.missingTool("TIOCSWINSZ failed") }
    }

    func type(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }

    /// Reads what the program writes until `text` has appeared or `seconds` have passed; whether it appeared.
    func read(until text: String, seconds: Double = 20, meanwhile: () -> Void = {}) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !output.contains(text) && Date() < deadline {
            var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            if poll(&poller, 1, 100) == 1 {
                let count = buffer.withUnsafeMutableBytes { Glibc.read(master, $0.baseAddress, $0.count) }
                if count <= 0 { break }
                output += String(decoding: buffer[0..<count], as: UTF8.self)
            } else {
                meanwhile()
            }
        }
        return output.contains(text)
    }
}
