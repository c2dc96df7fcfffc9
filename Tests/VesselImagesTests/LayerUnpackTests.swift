import Foundation
import Testing
import CVesselImages
@testable import VesselImages

/// Crafted layers: whatever an entry's name or link says, nothing is written outside the snapshot.
@Suite struct LayerUnpackTests {
    struct Scratch {
        let root: String
        let snapshot: String
        let outside: String

        init() throws {
            root = try TestSupport.temporaryDirectory("unpack")
            snapshot = root + "/deep/a/b/snapshot"
            outside = root + "/outside"
            try FileManager.default.createDirectory(atPath: snapshot, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
            try TestSupport.write(Array("host secret\n".utf8), to: outside + "/secret")
        }

        func unpack(_ tar: TestTar) throws {
            let path = root + "/layer.tar"
            try TestSupport.write(tar.archive, to: path)
            let unpacker = try LayerUnpacker(rootPath: snapshot)
            try unpacker.apply(TarReader(source: try FileSource(path: path)))
        }

        /// Everything under the scratch root that is not the snapshot, the layer or the host files we put there.
        func strayFiles() -> [String] {
            let enumerator = FileManager.default.enumerator(atPath: root)
            var stray: [String] = []
            while let path = enumerator?.nextObject() as? String {
                if path.hasPrefix("deep/a/b/snapshot") || path == "layer.tar" || path == "outside/secret" { continue }
                if ["deep", "deep/a", "deep/a/b", "outside"].contains(path) { continue }
                stray.append(path)
            }
            return stray
        }
    }

    @Test func dotDotEntriesAreRefused() throws {
        let scratch = try Scratch()
        defer { TestSupport.removeTree(scratch.root) }
        var tar = TestTar()
        tar.add("ok.txt", contents: "fine")
        tar.add("../../../../outside/pwned", contents: "escaped")
        #expect {
            try scratch.unpack(tar)
        } throws: { error in
            "\(error)".contains("points outside its root")
        }
        #expect(scratch.strayFiles().isEmpty)
    }

    @Test func absoluteNamesLandInsideTheSnapshot() throws {
        let scratch = try Scratch()
        defer { TestSupport.removeTree(scratch.root) }
        var tar = TestTar()
        tar.add(scratch.outside + "/pwned", contents: "absolute")
        try scratch.unpack(tar)
        #expect(scratch.strayFiles().isEmpty)
        #expect(try String(contentsOfFile: scratch.snapshot + scratch.outside + "/pwned", encoding: .utf8) == "absolute")
    }

    @Test(arguments: ["absolute", "relative"])
    func writesThroughAnEscapingSymlinkStayInside(_ style: String) throws {
        let scratch = try Scratch()
        defer { TestSupport.removeTree(scratch.root) }
        var tar = TestTar()
        tar.add("escape", .symbolicLink, link: style == "absolute" ? scratch.outside : "../../../../outside")
        tar.add("escape/pwned", contents: "through the link")
        do {
            try scratch.unpack(tar)
        } catch {
            // Refusing is as good as neutralising; writing outside is the failure.
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.outside + "/pwned"))
        #expect(scratch.strayFiles().isEmpty)
        // The link itself is kept verbatim: inside the container it resolves within the container's root.
        #expect(TestSupport.isSymlink(scratch.snapshot + "/escape"))
    }

    @Test func aSymlinkCannotRedirectTheNextFileOntoTheHost() throws {
        let scratch = try Scratch()
        defer { TestSupport.removeTree(scratch.root) }
        var tar = TestTar()
        tar.add("target", .symbolicLink, link: scratch.outside + "/secret")
        tar.add("target", contents: "overwrite")
        try scratch.unpack(tar)
        #expect(try String(contentsOfFile: scratch.outside + "/secret", encoding: .utf8) == "host secret\n")
        #expect(try String(contentsOfFile: scratch.snapshot + "/target", encoding: .utf8) == "overwrite")
    }

    @Test(arguments: ["absolute", "dotdot", "via-symlink"])
    func hardLinksToOutsideAreRefusedOrNeutralised(_ style: String) throws {
        let scratch = try Scratch()
        defer { TestSupport.removeTree(scratch.root) }
        var tar = TestTar()
        switch style {
        case "absolute":
            tar.add("stolen", .hardLink, link: scratch.outside + "/secret")
        case "dotdot":
            tar.add("stolen", .hardLink, link: "../../../../outside/secret")
        default:
            tar.add("door", .symbolicLink, link: scratch.outside)
            tar.add("stolen", .hardLink, link: "door/secret")
        }
        do {
            try scratch.unpack(tar)
        } catch {
            // Refused: fine.
        }
        var status = stat()
        #expect(stat(scratch.outside + "/secret", &status) == 0)
        #expect(status.st_nlink == 1, "the host file gained a hard link")
        #expect(try String(contentsOfFile: scratch.outside + "/secret", encoding: .utf8) == "host secret\n")
    }

    @Test func modesOwnersTimesAndHardLinksAreApplied() throws {
        let scratch = try Scratch()
        defer { TestSupport.removeTree(scratch.root) }
        var tar = TestTar()
        tar.add("bin", .directory, mode: 0o755, mtime: 1_600_000_000)
        tar.add("bin/tool", contents: "#!/bin/sh\n", mode: 0o4755, uid: 1000, gid: 1001, mtime: 1_500_000_000)
        tar.add("bin/alias", .hardLink, link: "bin/tool")
        tar.add("bin/sh", .symbolicLink, link: "tool")
        tar.add("deep/nested/file", contents: "implicit parents")
        try scratch.unpack(tar)
        var status = stat()
        #expect(stat(scratch.snapshot + "/bin/tool", &status) == 0)
        #expect(status.st_mode & 0o7777 == 0o4755)
        #expect(status.st_mtim.tv_sec == 1_500_000_000)
        #expect(status.st_nlink == 2)
        if TestSupport.isRoot {
            #expect(status.st_uid == 1000 && status.st_gid == 1001)
        }
        #expect(stat(scratch.snapshot + "/bin", &status) == 0)
        #expect(status.st_mtim.tv_sec == 1_600_000_000, "directory times are applied after their contents")
        #expect(TestSupport.isSymlink(scratch.snapshot + "/bin/sh"))
        #expect(try String(contentsOfFile: scratch.snapshot + "/deep/nested/file", encoding: .utf8) == "implicit parents")
    }

    @Test func whiteoutsBecomeOverlayWhiteouts() throws {
        guard TestSupport.isRoot else { return TestSupport.skip("whiteouts are character devices and trusted xattrs: needs root") }
        let scratch = try Scratch()
        defer { TestSupport.removeTree(scratch.root) }
        var tar = TestTar()
        tar.add("etc", .directory, mode: 0o755)
        tar.add("etc/.wh.removed", contents: "")
        tar.add("cache", .directory, mode: 0o755)
        tar.add("cache/.wh..wh..opq", contents: "")
        try scratch.unpack(tar)
        var status = stat()
        #expect(lstat(scratch.snapshot + "/etc/removed", &status) == 0)
        #expect(status.st_mode & S_IFMT == S_IFCHR && status.st_rdev == 0)
        #expect(!FileManager.default.fileExists(atPath: scratch.snapshot + "/etc/.wh.removed"))
        var value = [UInt8](repeating: 0, count: 4)
        let length = vessel_images_getxattr(scratch.snapshot + "/cache", "trusted.overlay.opaque", &value, 4)
        #expect(length == 1 && value[0] == UInt8(ascii: "y"))
    }

    @Test func aCorruptTarLeavesNoSnapshot() throws {
        let root = try TestSupport.temporaryDirectory("snapshots")
        defer { TestSupport.removeTree(root) }
        let store = try SnapshotStore(directory: root + "/snapshots")
        var tar = TestTar()
        tar.add("file", contents: String(repeating: "x", count: 5000))
        var bytes = tar.archive
        bytes.removeLast(bytes.count - 1500)  // cut inside the file's content
        let truncated = root + "/truncated.tar"
        try TestSupport.write(bytes, to: truncated)
        let garbage = root + "/garbage.tar"
        try TestSupport.write([UInt8](repeating: 0x41, count: 2048), to: garbage)
        for path in [truncated, garbage] {
            #expect {
                try store.unpack(layerAt: path, diffID: try Digest(hex: TestSupport.sha256(bytes)))
            } throws: { error in
                (error as? ImageError)?.code == .corrupt && "\(error)".contains("corrupt tar")
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/snapshots").isEmpty)
    }

    @Test(arguments: ["gzip", "zstd", "none"])
    func compressedLayersUnpackAndTheirDiffIDIsChecked(_ compression: String) throws {
        let root = try TestSupport.temporaryDirectory("snapshots")
        defer { TestSupport.removeTree(root) }
        var tar = TestTar()
        tar.add("hello.txt", contents: "hello from \(compression)")
        guard let layer = try? TestLayout.layer(tar.archive, compression: compression) else {
            return TestSupport.skip("no \(compression) tool to build the layer")
        }
        let blob = root + "/layer"
        try TestSupport.write(layer.blob, to: blob)
        let store = try SnapshotStore(directory: root + "/snapshots")
        let wrong = try Digest(hex: String(repeating: "0", count: 64))
        #expect(throws: ImageError.self) { try store.unpack(layerAt: blob, diffID: wrong) }
        #expect(!store.contains(wrong))
        let diffID = try Digest(hex: layer.diffID)
        try store.unpack(layerAt: blob, diffID: diffID)
        #expect(try String(contentsOfFile: store.path(of: diffID) + "/hello.txt", encoding: .utf8) == "hello from \(compression)")
    }

    @Test func aFullDiskRemovesThePartialSnapshot() throws {
        guard TestSupport.isRoot else { return TestSupport.skip("mounting a small tmpfs needs root") }
        let root = try TestSupport.temporaryDirectory("fulldisk")
        defer { TestSupport.removeTree(root) }
        guard mount("tmpfs", root, "tmpfs", 0, "size=1m") == 0 else { return TestSupport.skip("cannot mount tmpfs") }
        var tar = TestTar()
        for index in 0..<6 { tar.add("big\(index)", contents: String(repeating: "z", count: 300_000)) }
        let blobDirectory = "/tmp/vessel-fulldisk-layer-\(getpid())"
        try FileManager.default.createDirectory(atPath: blobDirectory, withIntermediateDirectories: true)
        defer { TestSupport.removeTree(blobDirectory) }
        let layer = try TestLayout.layer(tar.archive)
        try TestSupport.write(layer.blob, to: blobDirectory + "/layer")
        let store = try SnapshotStore(directory: root + "/snapshots")
        #expect {
            try store.unpack(layerAt: blobDirectory + "/layer", diffID: try Digest(hex: layer.diffID))
        } throws: { error in
            "\(error)".contains("No space left on device")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/snapshots").isEmpty)
    }
}

extension TestSupport {
    static func isSymlink(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFLNK
    }
}
