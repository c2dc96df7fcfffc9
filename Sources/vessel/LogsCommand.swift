import ArgumentParser
import Foundation
import VesselContainers
#if canImport(Glibc)
import Glibc
#endif

struct LogsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "logs", abstract: "Print a detached container's output.")

    @OptionGroup var store: StoreOptions

    @Flag(name: .shortAndLong, help: "Follow the log until the container exits.")
    var follow = false

    @Argument(help: "Container name or ID.")
    var container: String

    func run() throws {
        let engine = try store.engine()
        let record = try failingCleanly { try engine.containers.lookup(container) }
        let path = engine.containers.paths(of: record.id).log
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if record.detached { return }
            throw CommandFailure(message: "container \(record.name) ran in the foreground: its output went to the terminal, not a log", code: ExitCode(1))
        }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                _ = buffer.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, count) }
                continue
            }
            guard follow else { return }
            let current = (try? engine.containers.load(id: record.id)).map(engine.refreshed)
            if current == nil || current?.state == .exited {
                // Drain what the container wrote just before exiting.
                let rest = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if rest > 0 { continue }
                return
            }
            usleep(100_000)
        }
    }
}
