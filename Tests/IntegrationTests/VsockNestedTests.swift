import Foundation
import Testing
import VesselTestbed

extension NestedTestbedTests {
/// A real Linux guest's virtio-vsock driver against vessel's device, inside the nested test bed.
@Suite("Nested vsock")
struct VsockNestedTests {
    /// The first `MARKER <hex>` word on the console, and the word after it if any.
    static func value(after marker: String, in output: String) -> [String]? {
        for line in output.split(separator: "\n") {
            guard let range = line.range(of: marker + " ") else { continue }
            return line[range.upperBound...].split(separator: " ").map(String.init)
        }
        return nil
    }

    @Test("host- and guest-initiated streams each carry 10 MiB at once, with matching sha256")
    func transfersBothWays() throws {
        guard let result = try VsockNestedSession.outcome.scenario(VsockNestedSession.Name.transfer) else { return }
        let output = result.output
        #expect(result.exitStatus == 0, "\(output)")
        #expect(output.contains("vessel exit status 0"), "\(output)")
        let hostSent = try #require(Self.value(after: "HOST-SENT-SHA", in: output)?.first, "\(output)")
        let guestReceived = try #require(Self.value(after: "GUEST-RECEIVED-SHA", in: output), "\(output)")
        #expect(guestReceived == [hostSent, "10485760"], "host-initiated stream:\n\(output)")
        let guestSent = try #require(Self.value(after: "GUEST-SENT-SHA", in: output)?.first, "\(output)")
        let hostReceived = try #require(Self.value(after: "HOST-RECEIVED-SHA", in: output), "\(output)")
        #expect(hostReceived == [guestSent, "10485760"], "guest-initiated stream:\n\(output)")
        #expect(hostSent.count == 64 && hostSent != guestSent)
        #expect(!output.contains("SOCKET-LEFT-BEHIND"), "vessel left /tmp/v.sock behind")
    }
}
}
