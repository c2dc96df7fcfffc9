import Testing
import VesselTestbed

extension NestedTestbedTests {
/// virtio-net with Debian's kernel as the L3 guest and real taps in L2 (one shared L2 session).
@Suite("Nested virtio-net")
struct NetworkNestedTests {
    @Test("the guest pings L2 over a tap vessel created, moves a file each way over TCP, and the tap is gone afterwards")
    func createdTapCarriesTraffic() throws {
        guard let output = try scenarioOutput(NetworkNestedSession.Name.createdTap) else { return }
        #expect(output.contains("vessel exit status 0"), "\(output)")
        #expect(NetworkNestedSession.value(after: "GUEST-MAC", in: output) == "52:54:00:12:34:56", "\(output)")
        #expect(output.contains("GUEST-PING-OK"), "\(output)")
        let sent = NetworkNestedSession.value(after: "L2-SENT", in: output)
        #expect(sent?.count == 64)
        #expect(NetworkNestedSession.value(after: "GUEST-RECEIVED", in: output) == sent, "L2 -> guest checksum differs:\n\(output)")
        let guestSent = NetworkNestedSession.value(after: "GUEST-SENT", in: output)
        #expect(guestSent?.count == 64)
        #expect(NetworkNestedSession.value(after: "L2-RECEIVED", in: output) == guestSent, "guest -> L2 checksum differs:\n\(output)")
        #expect(output.contains("TAP-GONE"), "\(output)")
    }

    @Test("vessel attaches to an existing tap with the given MAC and MTU and leaves the tap in place")
    func existingTapKeepsItsInterface() throws {
        guard let output = try scenarioOutput(NetworkNestedSession.Name.existingTap) else { return }
        #expect(output.contains("vessel exit status 0"), "\(output)")
        #expect(output.contains("GUEST-LINK 52:54:00:ab:cd:ef 1400"), "\(output)")
        #expect(NetworkNestedSession.value(after: "L2-MTU", in: output) == "1400", "\(output)")
        #expect(output.contains("TAP-KEPT"), "\(output)")
    }

    @Test("bad --net input exits 2 with one line and leaves no tap", arguments: NetworkNestedSession.caseNames)
    func badInputLeavesNothing(name: String) throws {
        guard let output = try scenarioOutput(NetworkNestedSession.Name.badInput) else { return }
        let line = output.split(separator: "\n").first { $0.hasPrefix("CASE \(name):") }
        #expect(line?.contains("status 2 lines 1 taps 0 | vessel: ") == true, "\(line ?? "case missing"):\n\(output)")
    }

    /// nil (after printing SKIP or recording the failure) when the scenario did not run.
    private func scenarioOutput(_ name: String) throws -> String? {
        guard let result = try NetworkNestedSession.outcome.scenario(name) else { return nil }
        #expect(result.exitStatus == 0, "\(name) exited with \(String(describing: result.exitStatus)):\n\(result.output)")
        return result.output
    }
}
}
