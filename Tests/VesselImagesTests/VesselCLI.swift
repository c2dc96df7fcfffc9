import Foundation

/// The built `vessel` binary against a private store root, plus the images the tests load into it.
struct VesselCLI {
    let root: String
    let scratch: String

    /// Nil (after printing SKIP) when the binaries, root or busybox are missing.
    static func make(_ test: String = #function, needsRoot: Bool = true) -> VesselCLI? {
        if needsRoot && !TestSupport.isRoot {
            TestSupport.skip("needs root (overlay mounts, namespaces, cgroups)", test)
            return nil
        }
        let products = TestSupport.productsDirectory
        guard access(products + "/vessel", X_OK) == 0, access(products + "/vessel-runtime", X_OK) == 0 else {
            TestSupport.skip("vessel or vessel-runtime is not built in \(products)", test)
            return nil
        }
        guard access("/bin/busybox", X_OK) == 0 else {
            TestSupport.skip("/bin/busybox (busybox-static) is missing", test)
            return nil
        }
        guard let scratch = try? TestSupport.temporaryDirectory("cli") else { return nil }
        return VesselCLI(root: scratch + "/store", scratch: scratch)
    }

    func cleanUp() {
        for container in (try? FileManager.default.contentsOfDirectory(atPath: root + "/containers")) ?? [] where !container.hasPrefix(".") {
            _ = try? run(["rm", "-f", container])
        }
        TestSupport.removeTree(scratch)
    }

    @discardableResult
    func run(_ arguments: [String], timeout: TimeInterval = 60) throws -> TestSupport.CommandResult {
        // `--root` right after the subcommand: `exec` and `run` pass everything after the container or image through.
        let split = arguments.first == "image" ? 2 : 1
        let placed = Array(arguments.prefix(split)) + ["--root", root] + Array(arguments.dropFirst(split))
        return try TestSupport.run([TestSupport.productsDirectory + "/vessel"] + placed, timeout: timeout)
    }

    /// `vessel run` needs its options before the image, so `--root` goes first there.
    @discardableResult
    func runContainer(_ arguments: [String], timeout: TimeInterval = 60) throws -> TestSupport.CommandResult {
        try TestSupport.run([TestSupport.productsDirectory + "/vessel", "run", "--root", root] + arguments, timeout: timeout)
    }

    /// Builds scripts/make-busybox-image's layout (once per CLI) and returns its path.
    func busyboxLayout(name: String = "vessel.test/busybox:latest") throws -> String {
        let layout = scratch + "/busybox-\(name.replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: ":", with: "_"))"
        if FileManager.default.fileExists(atPath: layout + "/index.json") { return layout }
        let result = try TestSupport.run([TestSupport.repositoryRoot + "/scripts/make-busybox-image", layout, name])
        guard result.status == 0 else { throw TestLayoutError.missingTool("make-busybox-image: \(result.stderr)") }
        return layout
    }

    /// Loads busybox as `vessel.test/busybox:latest`.
    func loadBusybox() throws {
        let result = try run(["image", "load", try busyboxLayout()])
        guard result.status == 0 else { throw TestLayoutError.missingTool("load: \(result.stderr)") }
    }

    /// A store snapshot: every file name under the root except locks, for "the store is unchanged" checks.
    func storeListing() -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: root)
        var paths: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix("lock") || path.hasPrefix("containers") || path.hasPrefix("run") || path.hasPrefix("tmp") { continue }
            paths.append(path)
        }
        return paths.sorted()
    }
}
