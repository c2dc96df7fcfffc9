import Foundation
import Glibc
import Testing
@testable import VesselRuntime

/// Resolution runs without mounts, so these run in-process, once with openat2 and once with the component walk.
@Suite struct RootfsPathResolverTests {
    static let modes = [false, true]

    @Test(arguments: modes) func absoluteSymlinkToHostEtcStaysInside(forceWalk: Bool) throws {
        let bed = try RootfsTestBed()
        defer { bed.cleanUp() }
        try FileManager.default.createSymbolicLink(atPath: bed.rootfs + "/hostetc", withDestinationPath: "/etc")
        let name = "vessel-escape-\(getpid())-\(forceWalk)"
        let resolver = try RootfsPathResolver(rootPath: bed.rootfs, forceWalk: forceWalk)
        #expect(resolver.usesOpenat2 == !forceWalk)
        let fd = try resolver.ensure("/hostetc/\(name)/inner", kind: .directory)
        close(fd)
        #expect(!FileManager.default.fileExists(atPath: "/etc/\(name)"))
        #expect(FileManager.default.fileExists(atPath: bed.rootfs + "/etc/\(name)/inner"))
    }

    @Test(arguments: modes) func dotDotSymlinkCannotClimbOut(forceWalk: Bool) throws {
        let bed = try RootfsTestBed()
        defer { bed.cleanUp() }
        try FileManager.default.createSymbolicLink(
            atPath: bed.rootfs + "/etc/up", withDestinationPath: "../../../../../../../../tmp")
        let name = "vessel-escape-\(getpid())-\(forceWalk)"
        let resolver = try RootfsPathResolver(rootPath: bed.rootfs, forceWalk: forceWalk)
        let fd = try resolver.ensure("/etc/up/\(name)", kind: .file)
        close(fd)
        #expect(!FileManager.default.fileExists(atPath: "/tmp/\(name)"))
        var isDirectory: ObjCBool = true
        #expect(FileManager.default.fileExists(atPath: bed.rootfs + "/tmp/\(name)", isDirectory: &isDirectory))
        #expect(!isDirectory.boolValue)
        let lexical = try resolver.ensure("/../../\(name)-lexical", kind: .directory)
        close(lexical)
        #expect(FileManager.default.fileExists(atPath: bed.rootfs + "/\(name)-lexical"))
    }

    @Test(arguments: modes) func danglingSymlinkTargetIsCreatedInside(forceWalk: Bool) throws {
        let bed = try RootfsTestBed()
        defer { bed.cleanUp() }
        let name = "vessel-dangling-\(getpid())-\(forceWalk)"
        try FileManager.default.createSymbolicLink(atPath: bed.rootfs + "/link", withDestinationPath: "/etc/\(name)")
        let resolver = try RootfsPathResolver(rootPath: bed.rootfs, forceWalk: forceWalk)
        let fd = try resolver.ensure("/link", kind: .directory)
        close(fd)
        #expect(!FileManager.default.fileExists(atPath: "/etc/\(name)"))
        #expect(FileManager.default.fileExists(atPath: bed.rootfs + "/etc/\(name)"))
    }

    @Test(arguments: modes) func symlinkLoopIsReported(forceWalk: Bool) throws {
        let bed = try RootfsTestBed()
        defer { bed.cleanUp() }
        try FileManager.default.createSymbolicLink(atPath: bed.rootfs + "/a", withDestinationPath: "b")
        try FileManager.default.createSymbolicLink(atPath: bed.rootfs + "/b", withDestinationPath: "a")
        let resolver = try RootfsPathResolver(rootPath: bed.rootfs, forceWalk: forceWalk)
        #expect(resolver.resolve("/a/x").errno == ELOOP)
        #expect(throws: RootfsError.pathFailed(operation: "resolve in rootfs", path: "/a/x", errno: ELOOP)) {
            _ = try resolver.ensure("/a/x", kind: .directory)
        }
    }

    @Test(arguments: modes) func fileInThePathIsNotADirectory(forceWalk: Bool) throws {
        let bed = try RootfsTestBed()
        defer { bed.cleanUp() }
        let resolver = try RootfsPathResolver(rootPath: bed.rootfs, forceWalk: forceWalk)
        #expect(resolver.resolve("/container-marker/x").errno == ENOTDIR)
    }
}
