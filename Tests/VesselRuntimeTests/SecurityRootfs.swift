import Foundation

/// Rootfs contents an attacker's image could ship.
enum SecurityRootfs {
    /// Copies the dynamic loader and every shared library `binary` needs to the same paths inside `rootfs`,
    /// so the runtime binary can run there (an image may carry any libraries it likes).
    static func copySharedLibraries(of binary: String, into rootfs: String) throws {
        let listing = try RuntimeHarness.execute("/usr/bin/ldd", [binary])
        let paths = listing.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" })
            .map(String.init).filter { $0.hasPrefix("/") }
        for path in Set(paths) where FileManager.default.fileExists(atPath: path) {
            let destination = rootfs + path
            try FileManager.default.createDirectory(atPath: (destination as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            // Follows symlinks: the image gets the library's bytes, not a link back to the host.
            try Data(contentsOf: URL(fileURLWithPath: path).resolvingSymlinksInPath()).write(to: URL(fileURLWithPath: destination))
            chmod(destination, 0o755)
        }
    }
}
