import Foundation

/// Facts about the machine the tests run on, and files they need.
enum TestHost {
    static var hasKVM: Bool { access("/dev/kvm", R_OK | W_OK) == 0 }
    static var isPVM: Bool { FileManager.default.fileExists(atPath: "/sys/module/kvm_pvm") }

    /// The directory holding the built products (`vessel`, the test bundle).
    static var productsDirectory: URL {
        if let override = ProcessInfo.processInfo.environment["VESSEL_BINARY"] {
            return URL(fileURLWithPath: override).deletingLastPathComponent()
        }
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: executable).deletingLastPathComponent()
        while directory.path != "/" && !FileManager.default.fileExists(atPath: directory.appendingPathComponent("vessel").path) {
            directory.deleteLastPathComponent()
        }
        return directory
    }

    static func temporaryFile(named name: String, contents: [UInt8]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vessel-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try Data(contents).write(to: url)
        return url
    }
}
