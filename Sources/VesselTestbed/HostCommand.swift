import Foundation

/// Runs short host tools (ldd, cpio) to completion and captures their output.
enum HostCommand {
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], allowFailure: Bool = false) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw TestbedError.launchFailed(command: executable, reason: "\(error)")
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let output = String(decoding: data, as: UTF8.self)
        if !allowFailure && (process.terminationReason != .exit || process.terminationStatus != 0) {
            let command = ([executable] + arguments).joined(separator: " ")
            throw TestbedError.toolFailed(command: command, status: process.terminationStatus, output: output)
        }
        return output
    }

    /// Runs a `/bin/sh -c` script; arguments are available as "$1", "$2", ... (never interpolated).
    @discardableResult
    static func shell(_ script: String, _ arguments: [String] = []) throws -> String {
        try run("/bin/sh", ["-c", script, "sh"] + arguments)
    }
}
