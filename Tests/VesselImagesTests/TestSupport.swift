import Foundation
import Crypto
@testable import VesselImages

/// Shared helpers: temp directories, commands, digests, the repository's scripts, and SKIP reasons.
enum TestSupport {
    static var isRoot: Bool { geteuid() == 0 }

    static func skip(_ reason: String, _ test: String = #function) {
        print("SKIP \(test): \(reason)")
    }

    static func temporaryDirectory(_ label: String = "images") throws -> String {
        let path = "/tmp/vessel-\(label)-test-\(getpid())-\(UInt32.random(in: 0..<UInt32.max))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Unmounts anything left under `path`, then removes it.
    static func removeTree(_ path: String) {
        let mounts = (try? String(contentsOfFile: "/proc/self/mounts", encoding: .utf8)) ?? ""
        for line in mounts.split(separator: "\n").reversed() {
            let fields = line.split(separator: " ")
            if fields.count > 1, fields[1].hasPrefix(path) { umount2(String(fields[1]), Int32(MNT_DETACH)) }
        }
        try? FileTree.remove(path: path)
    }

    static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    struct CommandResult {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs a command to completion (outputs collected through files, so large output cannot block it).
    @discardableResult
    static func run(_ arguments: [String], environment: [String: String] = [:], timeout: TimeInterval = 120) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let outputPath = "/tmp/vessel-test-out-\(getpid())-\(UInt32.random(in: 0..<UInt32.max))"
        _ = FileManager.default.createFile(atPath: outputPath + ".1", contents: nil)
        _ = FileManager.default.createFile(atPath: outputPath + ".2", contents: nil)
        defer { unlink(outputPath + ".1"); unlink(outputPath + ".2") }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath + ".1"))
        let error = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath + ".2"))
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try output.close()
        try error.close()
        return CommandResult(
            status: process.terminationStatus,
            stdout: (try? String(contentsOfFile: outputPath + ".1", encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: outputPath + ".2", encoding: .utf8)) ?? "")
    }

    /// The repository root (for scripts/).
    static var repositoryRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    /// Where `vessel` and `vessel-runtime` were built.
    static var productsDirectory: String {
        if let override = ProcessInfo.processInfo.environment["VESSEL_BINARY"] {
            return URL(fileURLWithPath: override).deletingLastPathComponent().path
        }
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: executable).deletingLastPathComponent()
        while directory.path != "/" && !FileManager.default.fileExists(atPath: directory.appendingPathComponent("vessel").path) {
            directory.deleteLastPathComponent()
        }
        return directory.path
    }

    /// An IPv4 address of this machine that is not on loopback, to serve from where plain http is not allowed.
    static func nonLoopbackIPv4() -> String? {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0 else { return nil }
        defer { freeifaddrs(list) }
        var entry = list
        while let current = entry {
            entry = current.pointee.ifa_next
            guard let address = current.pointee.ifa_addr, address.pointee.sa_family == sa_family_t(AF_INET) else { continue }
            var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
            let ipv4 = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
            var copy = ipv4
            guard inet_ntop(AF_INET, &copy, &text, socklen_t(text.count)) != nil else { continue }
            let name = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if !name.hasPrefix("127.") { return name }
        }
        return nil
    }

    static func which(_ tool: String) -> String? {
        for directory in ["/usr/bin", "/bin", "/usr/sbin", "/sbin", "/usr/local/bin"] where access(directory + "/" + tool, X_OK) == 0 {
            return directory + "/" + tool
        }
        return nil
    }

    static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        let path = "/tmp/vessel-gzip-\(getpid())-\(UInt32.random(in: 0..<UInt32.max))"
        try write(bytes, to: path)
        defer { unlink(path); unlink(path + ".gz") }
        try run(["/bin/gzip", "-n", path])
        return Array(try Data(contentsOf: URL(fileURLWithPath: path + ".gz")))
    }

    static func zstd(_ bytes: [UInt8]) throws -> [UInt8]? {
        guard let zstd = which("zstd") else { return nil }
        let path = "/tmp/vessel-zstd-\(getpid())-\(UInt32.random(in: 0..<UInt32.max))"
        try write(bytes, to: path)
        defer { unlink(path); unlink(path + ".zst") }
        try run([zstd, "-q", path])
        return Array(try Data(contentsOf: URL(fileURLWithPath: path + ".zst")))
    }
}
