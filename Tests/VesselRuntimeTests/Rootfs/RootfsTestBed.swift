import Foundation
import Glibc
import VesselOCISpec
@testable import VesselRuntime

/// A throwaway bundle with a busybox-static rootfs under /tmp, removed by `cleanUp()`.
final class RootfsTestBed {
    let directory: String
    var bundle: String { directory + "/bundle" }
    var rootfs: String { bundle + "/rootfs" }
    /// A host directory outside the rootfs, used as a bind source and as a "must stay invisible" marker.
    var hostData: String { directory + "/host-data" }

    private static let counter = Counter()

    init() throws {
        directory = "/tmp/vessel-rootfs-\(getpid())-\(RootfsTestBed.counter.next())"
        let files = FileManager.default
        for path in ["bin", "etc", "proc", "sys", "dev", "tmp", "mnt", "masked-dir", "ro-dir"] {
            try files.createDirectory(atPath: rootfs + "/" + path, withIntermediateDirectories: true)
        }
        try files.copyItem(atPath: "/bin/busybox", toPath: rootfs + "/bin/busybox")
        try files.createSymbolicLink(atPath: rootfs + "/bin/sh", withDestinationPath: "busybox")
        try "container\n".write(toFile: rootfs + "/container-marker", atomically: false, encoding: .utf8)
        try "secret\n".write(toFile: rootfs + "/masked-dir/secret", atomically: false, encoding: .utf8)
        try "masked file\n".write(toFile: rootfs + "/etc/masked-file", atomically: false, encoding: .utf8)
        try files.createDirectory(atPath: hostData, withIntermediateDirectories: true)
        try "hello from host\n".write(toFile: hostData + "/hello.txt", atomically: false, encoding: .utf8)
    }

    func cleanUp() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// A spec close to `runc spec` pointing at this bundle's rootfs.
    func spec() -> Spec {
        var spec = Spec.defaultSpec()
        spec.root = Root(path: "rootfs", readonly: false)
        spec.mounts?.removeAll { $0.type == "cgroup" }
        return spec
    }

    static var isRoot: Bool { geteuid() == 0 }

    final class Counter: @unchecked Sendable {
        private var value = 0
        private let lock = NSLock()
        func next() -> Int {
            lock.lock()
            defer { lock.unlock() }
            value += 1
            return value
        }
    }
}
