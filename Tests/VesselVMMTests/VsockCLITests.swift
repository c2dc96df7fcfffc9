import Foundation
import Testing
import VesselFixtures

/// `vessel vm run --vsock`: bad values are one line and exit 2 with no socket file left; a running
/// machine creates its socket and removes it on exit.
@Suite struct VsockCLITests {
    struct Result {
        let status: Int32
        let stderr: String
    }

    private func vessel(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = TestHost.productsDirectory.appendingPathComponent("vessel")
        process.arguments = arguments
        let stderr = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stderr: String(decoding: errors, as: UTF8.self))
    }

    private func socketPath() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vessel-vsock-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("v.sock").path
    }

    @Test(arguments: [
        ("cid=2,uds=PATH", "reserved"), ("cid=x,uds=PATH", "not a number"), ("uds=PATH", "cid=N,uds=PATH"),
        ("cid=3,uds=PATH,mtu=5", "unknown key"), ("cid=3;uds=PATH", "not a number"),
    ])
    func malformedVsockIsOneLineExitTwoAndLeavesNoSocket(template: String, mention: String) throws {
        let kernel = try TestHost.temporaryFile(named: "kernel", contents: TinyKernel.bzImage())
        let path = try socketPath()
        let result = try vessel(["vm", "run", "--allow-pvm", "--kernel", kernel.path,
                                 "--vsock", template.replacingOccurrences(of: "PATH", with: path)])
        #expect(result.status == 2, "stderr: \(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1 && result.stderr.contains(mention), "stderr: \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func existingSocketPathIsRefusedAndLeftAlone() throws {
        let kernel = try TestHost.temporaryFile(named: "kernel", contents: TinyKernel.bzImage())
        let path = try socketPath()
        #expect(FileManager.default.createFile(atPath: path, contents: Data("mine".utf8)))
        let result = try vessel(["vm", "run", "--allow-pvm", "--kernel", kernel.path, "--vsock", "cid=3,uds=\(path)"])
        #expect(result.status == 2, "stderr: \(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1 && result.stderr.contains("already exists"), "stderr: \(result.stderr)")
        #expect(FileManager.default.contents(atPath: path) == Data("mine".utf8))
    }

    @Test func duplicateVsockIsRefused() throws {
        let kernel = try TestHost.temporaryFile(named: "kernel", contents: TinyKernel.bzImage())
        let first = try socketPath()
        let second = try socketPath()
        let result = try vessel(["vm", "run", "--allow-pvm", "--kernel", kernel.path,
                                 "--vsock", "cid=3,uds=\(first)", "--vsock", "cid=4,uds=\(second)"])
        #expect(result.status == 2, "stderr: \(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1 && result.stderr.contains("one vsock device"), "stderr: \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: first) && !FileManager.default.fileExists(atPath: second))
    }

    @Test func runningMachineRemovesItsSocketOnExit() throws {
        guard TestHost.hasKVM else { print("SKIP: /dev/kvm not available"); return }
        let kernel = try TestHost.temporaryFile(named: "kernel", contents: TinyKernel.bzImage(marker: UInt8(ascii: "V")))
        let path = try socketPath()
        let result = try vessel(["vm", "run", "--allow-pvm", "--kernel", kernel.path, "--memory", "64",
                                 "--vsock", "cid=3,uds=\(path)"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: path), "vessel left \(path) behind")
    }
}
