import Foundation
import Testing

@Suite("Guest console parsing")
struct GuestReportTests {
    @Test func parsesProbeLinesAmongKernelNoise() {
        let console = """
            [    1.050831] PCI: Fatal: No config space access function found
            vessel-guest: init reached
            vessel-token: k3j9
            vessel-cpus: 2
            MemTotal:         222504 kB
            vessel-guest: command exited with status 0
            """
        #expect(GuestReport(consoleOutput: console) == GuestReport(token: "k3j9", cpus: 2, memTotalKiB: 222504))
    }

    @Test func missingLinesStayNil() {
        let report = GuestReport(consoleOutput: "vessel-guest: init reached\nKernel panic - not syncing")
        #expect(report.token == nil && report.cpus == nil && report.memTotalKiB == nil)
    }

    @Test func commandLineKeepsTheProbeInOneQuotedInitArgument() {
        let line = GuestReport.commandLine(token: "abc")
        let parts = line.components(separatedBy: " -- ")
        #expect(parts.count == 2)
        #expect(parts.last?.hasPrefix("sh -c \"") == true)
        #expect(parts.last?.hasSuffix("\"") == true)
        #expect(line.filter { $0 == "\"" }.count == 2)
        #expect(!line.contains("'"))
    }
}
