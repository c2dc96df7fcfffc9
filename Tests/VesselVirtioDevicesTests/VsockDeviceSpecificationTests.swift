import Foundation
import Logging
import Testing
import VesselVirtio
import VesselVirtioDevices
#if canImport(Glibc)
import Glibc
#endif

@Suite struct VsockDeviceSpecificationTests {
    @Test func parsesCIDAndPathInEitherOrder() throws {
        let path = try VsockGuestDriver.temporarySocketPath()
        defer { rmdir((path as NSString).deletingLastPathComponent) }
        #expect(try VsockDeviceSpecification(parsing: "cid=3,uds=\(path)") == VsockDeviceSpecification(guestCID: 3, socketPath: path))
        #expect(try VsockDeviceSpecification(parsing: "uds=\(path),cid=4294967294").guestCID == 4_294_967_294)
    }

    @Test(arguments: [
        ("cid=2,uds=/tmp/x.sock", "reserved"), ("cid=0,uds=/tmp/x.sock", "reserved"),
        ("cid=4294967295,uds=/tmp/x.sock", "reserved"), ("cid=abc,uds=/tmp/x.sock", "not a number"),
        ("cid=3", "cid=N,uds=PATH"), ("uds=/tmp/x.sock", "cid=N,uds=PATH"), ("", "cid=N,uds=PATH"),
        ("cid=3,uds=", "cid=N,uds=PATH"), ("cid=3,uds=/a,cid=4", "twice"), ("cid=3,uds=/a,port=5", "unknown key"),
        ("cid=3,uds=/\(String(repeating: "p", count: 120))", "longer than"),
    ])
    func malformedValuesAreOneLineErrors(value: String, mention: String) {
        do {
            _ = try VsockDeviceSpecification(parsing: value)
            Issue.record("'\(value)' was accepted")
        } catch {
            let message = "\(error)"
            #expect(message.contains(mention), "\(message)")
            #expect(!message.contains("\n"))
        }
    }

    @Test func existingPathIsRefusedAtParseAndAtCreation() throws {
        let path = try VsockGuestDriver.temporarySocketPath()
        defer { unlink(path); rmdir((path as NSString).deletingLastPathComponent) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data("keep me".utf8)))
        #expect(throws: VirtioError.invalidConfiguration("--vsock: socket path '\(path)' already exists")) {
            try VsockDeviceSpecification(parsing: "cid=3,uds=\(path)")
        }
        let loop = try DeviceEventLoop()
        #expect(throws: VirtioError.invalidConfiguration("vsock socket path '\(path)' already exists")) {
            try VsockDeviceSpecification(guestCID: 3, socketPath: path).makeDevice(loop: loop, logger: Logger(label: "test"))
        }
        // The file that was there is left alone.
        #expect(FileManager.default.contents(atPath: path) == Data("keep me".utf8))
    }
}
