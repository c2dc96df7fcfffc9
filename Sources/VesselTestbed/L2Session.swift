import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One boot of the L2 host under QEMU TCG: starts it, watches the heartbeat, collects scenario results.
struct L2Session {
    struct Outcome {
        var finished: [Int: ConsoleParser.Finished]
        var partial: (index: Int, output: String)?
        var summary: SessionSummary
        var fatal: String?
        var diagnostics: String
    }

    let configuration: TestbedConfiguration
    let attempt: Int
    let initramfs: String
    let workDirectory: String
    let marker: String
    let scenarios: [(index: Int, scenario: Scenario)]

    func qemuArguments(heartbeatFile: String) -> [String] {
        [
            "-M", "q35", "-accel", "tcg", "-cpu", "max", "-smp", "1", "-m", "\(configuration.l2MemoryMiB)",
            "-nodefaults", "-no-user-config", "-display", "none",
            "-serial", "stdio", "-serial", "file:\(heartbeatFile)",
            "-kernel", GuestAssets(directory: configuration.assetsDirectory).vmlinuz,
            "-initrd", initramfs,
            "-append", configuration.l2KernelCommandLine,
            "-no-reboot",
        ]
    }

    func run() throws -> Outcome {
        let heartbeatFile = workDirectory + "/heartbeat-\(attempt).log"
        let stderrFile = workDirectory + "/qemu-stderr-\(attempt).log"
        _ = FileManager.default.createFile(atPath: heartbeatFile, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrFile, contents: nil)
        guard let stderrHandle = FileHandle(forWritingAtPath: stderrFile) else {
            throw TestbedError.missingFile(path: stderrFile, purpose: "QEMU log file")
        }
        defer { try? stderrHandle.close() }

        let names = Dictionary(uniqueKeysWithValues: scenarios.map { ($0.index, $0.scenario.name) })
        let parser = ConsoleParser(marker: marker, names: names, onScenarioOutput: configuration.onScenarioOutput)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: configuration.qemuBinary)
        process.arguments = qemuArguments(heartbeatFile: heartbeatFile)
        let console = Pipe()
        process.standardOutput = console
        process.standardError = stderrHandle
        process.standardInput = configuration.interactiveConsole ? FileHandle.standardInput : FileHandle.nullDevice

        let cpuBefore = Self.childrenCPUSeconds()
        let started = Date()
        do {
            try process.run()
        } catch {
            throw TestbedError.launchFailed(command: configuration.qemuBinary, reason: "\(error)")
        }
        let reader = console.fileHandleForReading
        let readerDone = DispatchSemaphore(value: 0)
        let readerThread = Thread {
            while true {
                let data = reader.availableData
                if data.isEmpty { break }
                parser.consume(data)
            }
            parser.finish()
            readerDone.signal()
        }
        readerThread.start()

        var lastHeartbeatSize: UInt64 = 0
        var lastHeartbeat = Date()
        var silentFor: Int?
        while process.isRunning {
            usleep(250_000)
            if configuration.cancellation?.isCancelled == true {
                kill(process.processIdentifier, SIGKILL)
                break
            }
            let size = (try? FileManager.default.attributesOfItem(atPath: heartbeatFile)[.size] as? UInt64) ?? 0
            if size != lastHeartbeatSize {
                lastHeartbeatSize = size
                lastHeartbeat = Date()
            }
            let silence = Date().timeIntervalSince(lastHeartbeat)
            let limit = lastHeartbeatSize == 0 ? configuration.firstHeartbeatTimeoutSeconds
                                               : configuration.heartbeatTimeoutSeconds
            if silentFor == nil && silence > Double(limit) {
                silentFor = Int(silence)
                configuration.onProgress?("attempt \(attempt): L2 silent for \(Int(silence)) s, stopping it")
                kill(process.processIdentifier, SIGKILL)
            }
        }
        process.waitUntilExit()
        readerDone.wait()
        let wall = Date().timeIntervalSince(started)
        let cpu = Self.childrenCPUSeconds() - cpuBefore

        let finished = parser.results
        let ending: SessionSummary.Ending
        if let seconds = silentFor {
            ending = .silent(seconds: seconds)
        } else if parser.isDone {
            ending = .completed
        } else {
            ending = .exitedEarly(status: process.terminationStatus)
        }
        let summary = SessionSummary(
            attempt: attempt,
            scenarioNames: scenarios.map(\.scenario.name),
            finishedScenarioNames: scenarios.filter { finished[$0.index] != nil }.map(\.scenario.name),
            ending: ending, wallSeconds: wall, cpuSeconds: cpu)
        let qemuErrors = (try? String(contentsOfFile: stderrFile, encoding: .utf8)) ?? ""
        let diagnostics = [parser.consoleTail, qemuErrors]
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }.joined(separator: "\n")
        return Outcome(finished: finished, partial: parser.partial, summary: summary,
                       fatal: parser.fatal, diagnostics: diagnostics)
    }

    /// User plus system CPU of all reaped children; the L2 QEMU is the only child while a session runs.
    static func childrenCPUSeconds() -> Double {
        var usage = rusage()
        guard getrusage(RUSAGE_CHILDREN.rawValue, &usage) == 0 else { return 0 }
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
