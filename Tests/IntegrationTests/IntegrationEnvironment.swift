import Foundation
import VesselTestbed

/// Where the integration tests find the vessel binary and the guest assets.
enum IntegrationEnvironment {
    static var executableDirectory: String {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        return (executable as NSString).deletingLastPathComponent
    }

    /// `VESSEL_BINARY`, else `vessel` in the test bundle's bin directory.
    static var vesselBinary: String? {
        if let explicit = ProcessInfo.processInfo.environment["VESSEL_BINARY"], !explicit.isEmpty {
            return explicit
        }
        let sibling = executableDirectory + "/vessel"
        return FileManager.default.isExecutableFile(atPath: sibling) ? sibling : nil
    }

    static var assets: GuestAssets? {
        let starts = [FileManager.default.currentDirectoryPath, executableDirectory, #filePath]
        guard let assets = GuestAssets.locate(searchStarts: starts), assets.isComplete else { return nil }
        return assets
    }
}
