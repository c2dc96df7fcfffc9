import Foundation
import VesselOCISpec

/// An OCI bundle whose rootfs is the host's static busybox plus one symlink per applet.
struct BusyboxBundle {
    let path: String
    var spec: Spec

    var rootfs: String { path + "/rootfs" }

    static let busybox = "/bin/busybox"

    static func available() -> Bool {
        FileManager.default.isExecutableFile(atPath: busybox)
    }

    /// Runs `arguments` with no terminal; namespaces and mounts from the default spec.
    init(arguments: [String]) throws {
        path = TemporaryDirectory.make(prefix: "vr-bundle")
        // mkdtemp makes it 0700; a user-namespaced root (an unprivileged host uid) must traverse it.
        chmod(path, 0o755)
        let fileManager = FileManager.default
        for directory in ["bin", "proc", "dev", "sys", "tmp", "etc", "root"] {
            try fileManager.createDirectory(atPath: path + "/rootfs/" + directory, withIntermediateDirectories: true)
        }
        try fileManager.copyItem(atPath: Self.busybox, toPath: path + "/rootfs/bin/busybox")
        let list = try RuntimeHarness.execute(Self.busybox, ["--list"])
        for applet in list.stdout.split(separator: "\n") where applet != "busybox" {
            try? fileManager.createSymbolicLink(atPath: path + "/rootfs/bin/" + applet, withDestinationPath: "busybox")
        }
        try "root:x:0:0:root:/root:/bin/sh\n".write(toFile: path + "/rootfs/etc/passwd", atomically: true, encoding: .utf8)
        spec = Spec.defaultSpec()
        spec.root = Root(path: "rootfs", readonly: false)
        spec.process?.terminal = false
        spec.process?.args = arguments
        try save()
    }

    func save() throws {
        let bytes = try spec.encodedPretty()
        try Data(bytes).write(to: URL(fileURLWithPath: path + "/config.json"))
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
