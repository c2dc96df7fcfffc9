import Foundation

/// The files `scripts/fetch-guest-assets` leaves in its cache directory.
public struct GuestAssets: Sendable, Hashable {
    public var directory: String

    public init(directory: String) {
        self.directory = directory
    }

    public var vmlinuz: String { directory + "/vmlinuz" }
    public var vmlinux: String { directory + "/vmlinux" }
    public var initrd: String { directory + "/initrd.cpio.gz" }
    public var modules: String { directory + "/modules" }

    /// The L2 host's virtualization modules, in load order.
    public var kvmModules: [String] {
        ["kernel/virt/lib/irqbypass.ko", "kernel/arch/x86/kvm/kvm.ko", "kernel/arch/x86/kvm/kvm-amd.ko"]
            .map { modules + "/" + $0 }
    }

    public var isComplete: Bool {
        let files = FileManager.default
        return [vmlinuz, vmlinux, initrd].allSatisfy { files.fileExists(atPath: $0) }
            && kvmModules.allSatisfy { files.fileExists(atPath: $0) }
    }

    /// `VESSEL_ASSETS` if set, else `<repo>/.cache/vessel-assets` for the first repository
    /// (a directory with Package.swift) found above any of `searchStarts`.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment,
                              searchStarts: [String]) -> GuestAssets? {
        if let explicit = environment["VESSEL_ASSETS"], !explicit.isEmpty {
            return GuestAssets(directory: explicit)
        }
        for start in searchStarts {
            if let root = repositoryRoot(above: start) {
                return GuestAssets(directory: root + "/.cache/vessel-assets")
            }
        }
        return nil
    }

    static func repositoryRoot(above path: String) -> String? {
        var url = URL(fileURLWithPath: path).standardizedFileURL
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path),
               FileManager.default.fileExists(atPath: url.appendingPathComponent("scripts").path) {
                return url.path
            }
            url.deleteLastPathComponent()
        }
        return nil
    }
}
