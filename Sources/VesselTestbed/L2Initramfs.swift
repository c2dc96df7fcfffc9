import Foundation

/// Builds the L2 host's initramfs as an uncompressed newc cpio (TCG decompresses slowly).
/// The fixed part (busybox, kvm modules, binaries, assets) is built once; each session appends
/// a small second archive with its scenarios, which the kernel unpacks over the first.
struct L2Initramfs {
    let configuration: TestbedConfiguration
    let workDirectory: String

    var assets: GuestAssets { GuestAssets(directory: configuration.assetsDirectory) }

    static let microvmFirmware = ["qboot.rom", "bios-microvm.bin", "linuxboot_dma.bin", "linuxboot.bin",
                                  "pvh.bin", "kvmvapic.bin", "multiboot_dma.bin"]

    /// Builds the fixed archive and returns its path and the library directories L2 should search.
    func buildBase() throws -> (archive: String, libraryDirectories: [String]) {
        let stage = workDirectory + "/base"
        try? FileManager.default.removeItem(atPath: stage)
        var links: [String: String] = [:]  // path inside L2 -> host file
        links["/bin/busybox"] = try requireFile("/bin/busybox", purpose: "busybox (install busybox-static)")
        for (name, path) in zip(L2InitScript.kvmModuleNames, assets.kvmModules) {
            links["/lib/modules/l2/\(name).ko"] = try requireFile(path, purpose: "kvm module \(name)")
        }
        links["/assets/vmlinuz"] = try requireFile(assets.vmlinuz, purpose: "guest kernel (run scripts/fetch-guest-assets)")
        links["/assets/initrd.cpio.gz"] = try requireFile(assets.initrd, purpose: "guest initramfs")
        if configuration.includeVmlinux {
            links["/assets/vmlinux"] = try requireFile(assets.vmlinux, purpose: "guest ELF kernel")
        }
        var binaries: [String] = []
        if let vessel = configuration.vesselBinary {
            links["/usr/local/bin/vessel"] = try requireFile(vessel, purpose: "vessel binary")
            binaries.append(vessel)
        }
        if configuration.includeQEMU {
            links["/usr/bin/qemu-system-x86_64"] = try requireFile(configuration.qemuBinary, purpose: "QEMU")
            binaries.append(configuration.qemuBinary)
            for name in Self.microvmFirmware {
                let path = configuration.qemuDataDirectory + "/" + name
                if FileManager.default.fileExists(atPath: path) {
                    links["/usr/share/qemu/" + name] = path
                }
            }
        }
        for (inside, host) in configuration.extraFiles {
            links[inside] = try requireFile(host, purpose: "extra file for \(inside)")
            if FileManager.default.isExecutableFile(atPath: host) { binaries.append(host) }
        }
        var libraryDirectories: [String] = []
        for binary in binaries {
            for library in try SharedLibraries.of(binary) {
                links[library] = library
                let directory = (library as NSString).deletingLastPathComponent
                if !libraryDirectories.contains(directory) { libraryDirectories.append(directory) }
            }
        }
        try stageSymlinks(links, in: stage)
        try write(L2InitScript.text(), to: stage + "/init", executable: true)
        for directory in ["proc", "sys", "dev", "tmp", "root", "run", "etc", "scenarios"] {
            try FileManager.default.createDirectory(atPath: stage + "/" + directory, withIntermediateDirectories: true)
        }
        let archive = workDirectory + "/l2-base.cpio"
        try packCpio(stage: stage, into: archive)
        try? FileManager.default.removeItem(atPath: stage)
        return (archive, libraryDirectories)
    }

    /// Builds base + the session's scenarios into one initramfs for one attempt.
    func buildSession(base: String, libraryDirectories: [String], marker: String,
                      scenarios: [(index: Int, scenario: Scenario)], attempt: Int) throws -> String {
        let stage = workDirectory + "/session-\(attempt)"
        try? FileManager.default.removeItem(atPath: stage)
        try FileManager.default.createDirectory(atPath: stage + "/scenarios", withIntermediateDirectories: true)
        var environment = """
            MARK='\(marker)'
            HEARTBEAT_INTERVAL=\(max(1, configuration.heartbeatIntervalSeconds))
            INTERACTIVE=\(configuration.interactiveConsole ? 1 : 0)
            export VESSEL_TESTBED_ATTEMPT=\(attempt)

            """
        if !libraryDirectories.isEmpty {
            environment += "export LD_LIBRARY_PATH='\(libraryDirectories.joined(separator: ":"))'\n"
        }
        try write(environment, to: stage + "/scenarios/session.env")
        try write(scenarios.map { "\($0.index)\n" }.joined(), to: stage + "/scenarios/list")
        for (index, scenario) in scenarios {
            try write(scenario.script, to: stage + "/scenarios/\(index).sh")
            try write("\(scenario.timeoutSeconds)\n", to: stage + "/scenarios/\(index).timeout")
        }
        let sessionArchive = workDirectory + "/l2-session-\(attempt).part.cpio"
        try packCpio(stage: stage, into: sessionArchive)
        let combined = workDirectory + "/l2-session-\(attempt).cpio"
        try HostCommand.shell(#"cat "$1" "$2" > "$3""#, [base, sessionArchive, combined])
        try? FileManager.default.removeItem(atPath: stage)
        try? FileManager.default.removeItem(atPath: sessionArchive)
        return combined
    }

    private func requireFile(_ path: String, purpose: String) throws -> String {
        guard FileManager.default.fileExists(atPath: path) else {
            throw TestbedError.missingFile(path: path, purpose: purpose)
        }
        return path
    }

    /// Symlinks to host files; cpio -L stores their contents.
    private func stageSymlinks(_ links: [String: String], in stage: String) throws {
        let files = FileManager.default
        for (inside, host) in links.sorted(by: { $0.key < $1.key }) {
            let target = stage + inside
            try files.createDirectory(atPath: (target as NSString).deletingLastPathComponent,
                                      withIntermediateDirectories: true)
            try? files.removeItem(atPath: target)
            let absolute = URL(fileURLWithPath: host).standardizedFileURL.path
            try files.createSymbolicLink(atPath: target, withDestinationPath: absolute)
        }
    }

    private func write(_ text: String, to path: String, executable: Bool = false) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        if executable {
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        }
    }

    private func packCpio(stage: String, into archive: String) throws {
        try HostCommand.shell(#"cd "$1" && find . | LC_ALL=C sort | cpio -o -H newc -L -R 0:0 --quiet > "$2""#,
                              [stage, archive])
    }
}
