import ArgumentParser
import Foundation
import VesselTestbed

/// Options every subcommand shares: which binary to test and where the guest assets are.
struct CommonOptions: ParsableArguments {
    @Option(help: "The vessel binary to test (default: vessel next to this program).")
    var vessel: String?

    @Option(help: "Guest assets directory (default: $VESSEL_ASSETS or <repo>/.cache/vessel-assets).")
    var assets: String?

    @Option(help: "Seconds without an L2 heartbeat before a session is stopped.")
    var heartbeatTimeout: Int = 60

    @Option(help: "L2 sessions per scenario at most (the first plus re-runs after a frozen L2).")
    var attempts: Int = 3

    @Flag(help: "Keep the session directory (initramfs, logs) and print its path.")
    var keepWork = false

    @Flag(name: .shortAndLong, help: "Print progress messages on stderr.")
    var verbose = false

    @Option(name: .customLong("file"), help: ArgumentHelp(
        "Place a host file in L2 (repeatable); executables get the libraries ldd lists.",
        valueName: "L2-PATH=HOST-PATH"))
    var files: [String] = []

    /// `--file` values as L2 path → host path.
    func extraFiles() throws -> [String: String] {
        var mapping: [String: String] = [:]
        for entry in files {
            guard let separator = entry.firstIndex(of: "="),
                  entry[..<separator].hasPrefix("/"), !entry[entry.index(after: separator)...].isEmpty else {
                throw ValidationError("--file wants L2-PATH=HOST-PATH with an absolute L2 path, got '\(entry)'")
            }
            let host = String(entry[entry.index(after: separator)...])
            guard FileManager.default.fileExists(atPath: host) else {
                throw ValidationError("--file \(entry): \(host) does not exist")
            }
            mapping[String(entry[..<separator])] = host
        }
        return mapping
    }

    static var executableDirectory: String {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        return (executable as NSString).deletingLastPathComponent
    }

    func vesselBinary(required: Bool) throws -> String? {
        if let vessel { return vessel }
        let sibling = Self.executableDirectory + "/vessel"
        if FileManager.default.isExecutableFile(atPath: sibling) { return sibling }
        if required {
            throw ValidationError("no vessel binary next to vessel-testbed; pass --vessel PATH")
        }
        return nil
    }

    func guestAssets() throws -> GuestAssets {
        if let assets { return GuestAssets(directory: assets) }
        let starts = [FileManager.default.currentDirectoryPath, Self.executableDirectory]
        guard let located = GuestAssets.locate(searchStarts: starts), located.isComplete else {
            throw ValidationError("guest assets missing, run scripts/fetch-guest-assets (or pass --assets DIR)")
        }
        return located
    }

    func configuration(vessel: String?, includeQEMU: Bool = true, includeVmlinux: Bool = true,
                       interactive: Bool = false,
                       onScenarioOutput: (@Sendable (String, String) -> Void)? = nil) throws -> TestbedConfiguration {
        let verbose = self.verbose
        let keepWork = self.keepWork
        return TestbedConfiguration(
            assetsDirectory: try guestAssets().directory,
            vesselBinary: vessel,
            includeQEMU: includeQEMU,
            includeVmlinux: includeVmlinux,
            heartbeatTimeoutSeconds: heartbeatTimeout,
            maxAttempts: attempts,
            extraFiles: try extraFiles(),
            interactiveConsole: interactive,
            workDirectory: keepWork ? NSTemporaryDirectory() + "/vessel-testbed-\(getpid())" : nil,
            keepWorkDirectory: keepWork,
            cancellation: SignalCancellation.shared,
            onScenarioOutput: onScenarioOutput,
            onProgress: { message in
                if verbose || keepWork { StandardError.print("vessel-testbed: \(message)") }
            })
    }
}
