import Foundation
import Testing
import VesselFixtures

/// The `vessel` binary as a user meets it: exit codes and one-line errors.
@Suite struct VesselCLITests {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    private func vessel(_ arguments: [String], timeout: TimeInterval = 30, signal: Int32? = nil) throws -> Result {
        let process = Process()
        process.executableURL = TestHost.productsDirectory.appendingPathComponent("vessel")
        process.arguments = arguments
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        try process.run()
        if let signal {
            Thread.sleep(forTimeInterval: 0.5)
            kill(process.processIdentifier, signal)
        }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self),
            stderr: String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }

    private func expectOneLineError(_ result: Result, status: Int32, mentioning text: String,
                                    sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == status, "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "expected one line, got: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(text), "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(!result.stderr.contains("Fatal error"), sourceLocation: sourceLocation)
    }

    @Test func missingKernelIsOneLineAndExitTwo() throws {
        expectOneLineError(try vessel(["vm", "run", "--kernel", "/nonexistent/vmlinuz"]), status: 2, mentioning: "/nonexistent/vmlinuz")
    }

    @Test func fileThatIsNotAKernelIsRefused() throws {
        let file = try TestHost.temporaryFile(named: "notes.txt", contents: Array(String(repeating: "text ", count: 400).utf8))
        expectOneLineError(try vessel(["vm", "run", "--kernel", file.path]), status: 2, mentioning: file.path)
    }

    @Test func truncatedBzImageIsRefused() throws {
        let image = TinyKernel.bzImage()
        for cut in [0x100, 0x1f8, 0x230, 0x300] {
            let file = try TestHost.temporaryFile(named: "truncated", contents: Array(image.prefix(cut)))
            expectOneLineError(try vessel(["vm", "run", "--kernel", file.path]), status: 2, mentioning: file.path)
        }
    }

    @Test(arguments: [["--cpus", "0"], ["--cpus", "33"], ["--memory", "0"], ["--memory", "99999999999"]])
    func outOfRangeMachineSizesAreRefused(arguments: [String]) throws {
        let kernel = try TestHost.temporaryFile(named: "kernel", contents: TinyKernel.bzImage())
        expectOneLineError(try vessel(["vm", "run", "--kernel", kernel.path] + arguments), status: 2, mentioning: arguments[0])
    }

    @Test func unknownFlagIsRefused() throws {
        expectOneLineError(try vessel(["vm", "run", "--kernel", "x", "--frobnicate"]), status: 2, mentioning: "--frobnicate")
    }

    @Test func initrdThatDoesNotFitIsRefused() throws {
        let kernel = try TestHost.temporaryFile(named: "kernel", contents: TinyKernel.bzImage())
        let initrd = try TestHost.temporaryFile(named: "initrd", contents: [UInt8](repeating: 1, count: 20 << 20))
        expectOneLineError(
            try vessel(["vm", "run", "--kernel", kernel.path, "--initrd", initrd.path, "--memory", "16"]),
            status: 2, mentioning: "does not fit")
    }

    @Test func pvmHostIsExplainedWithItsOwnExitCode() throws {
        guard TestHost.isPVM else { print("SKIP: not a PVM host"); return }
        let kernel = try TestHost.temporaryFile(named: "kernel", contents: TinyKernel.bzImage())
        expectOneLineError(try vessel(["vm", "run", "--kernel", kernel.path]), status: 3, mentioning: "PVM")
    }

    @Test func tinyGuestBootsPrintsAndExitsZero() throws {
        guard TestHost.hasKVM else { print("SKIP: /dev/kvm not available"); return }
        let kernel = try TestHost.temporaryFile(named: "kernel", contents: TinyKernel.bzImage(marker: UInt8(ascii: "Z")))
        let result = try vessel(["vm", "run", "--allow-pvm", "--kernel", kernel.path, "--cpus", "2", "--memory", "64"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout == "Z")
    }

    @Test func sigtermStopsASpinningGuestCleanly() throws {
        guard TestHost.hasKVM else { print("SKIP: /dev/kvm not available"); return }
        let kernel = try TestHost.temporaryFile(named: "kernel", contents: TinyKernel.spinningBzImage())
        let result = try vessel(["vm", "run", "--allow-pvm", "--kernel", kernel.path], timeout: 10, signal: SIGTERM)
        #expect(result.status == 128 + SIGTERM, "stderr: \(result.stderr)")
        #expect(result.stderr.isEmpty)
    }
}
