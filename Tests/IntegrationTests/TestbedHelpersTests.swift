import Testing
@testable import VesselTestbed

@Suite("Test bed helpers")
struct TestbedHelpersTests {
    @Test func lddOutputYieldsLibrariesAndLoader() throws {
        let output = """
            \tlinux-vdso.so.1 (0x00007ffd0d1f5000)
            \tlibswiftCore.so => /opt/swift/usr/lib/swift/linux/libswiftCore.so (0x00007f0e4c600000)
            \tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f0e4c41f000)
            \t/lib64/ld-linux-x86-64.so.2 (0x00007f0e4cc2a000)
            """
        #expect(try SharedLibraries.parse(lddOutput: output, binary: "vessel") == [
            "/opt/swift/usr/lib/swift/linux/libswiftCore.so", "/lib/x86_64-linux-gnu/libc.so.6",
            "/lib64/ld-linux-x86-64.so.2",
        ])
    }

    @Test func unresolvedLibraryIsAnError() {
        #expect(throws: TestbedError.self) {
            try SharedLibraries.parse(lddOutput: "\tlibmissing.so.1 => not found\n", binary: "vessel")
        }
    }

    @Test func realBinaryHasItsLoader() throws {
        let libraries = try SharedLibraries.of("/usr/bin/qemu-system-x86_64")
        #expect(libraries.contains { $0.hasSuffix("/ld-linux-x86-64.so.2") })
    }

    @Test func shellQuotingSurvivesSingleQuotes() throws {
        #expect(ShellQuoting.quote("it's") == #"'it'\''s'"#)
        let echoed = try HostCommand.shell("eval \"printf '%s|' $1\"", [ShellQuoting.command(["a b", "it's", "$HOME"])])
        #expect(echoed == "a b|it's|$HOME|")
    }

    @Test func benchmarkReportPairsTimingsAndFlagsFailures() throws {
        let benchmark = BootBenchmark(runs: 2, first: .vessel, second: .qemuMicrovm())
        let scenarios = benchmark.scenarios()
        #expect(scenarios.map(\.name) == ["boot-pair-1", "boot-pair-2"])
        // Pairs alternate which VMM boots first.
        func position(_ label: String, in scenario: Scenario) -> String.Index? {
            scenario.script.range(of: "measure '\(label)'")?.lowerBound
        }
        let vesselFirst = try #require(position("vessel", in: scenarios[0]))
        let qemuFirst = try #require(position("qemu", in: scenarios[0]))
        let vesselSecond = try #require(position("vessel", in: scenarios[1]))
        let qemuSecond = try #require(position("qemu", in: scenarios[1]))
        #expect(vesselFirst < qemuFirst)
        #expect(qemuSecond < vesselSecond)
        let results = [
            ScenarioResult(name: "boot-pair-1", exitStatus: 0, output: """
                  vessel| vessel-guest: init reached
                @@boot-bench vessel 100.000000 104.500000 0
                @@boot-bench qemu 105.000000 114.000000 0
                """, attempts: 1),
            ScenarioResult(name: "boot-pair-2", exitStatus: 0, output: """
                @@boot-bench qemu 200.000000 210.000000 0
                @@boot-bench vessel 211.000000 - 1
                """, attempts: 2),
        ]
        let report = benchmark.report(from: results)
        #expect(report.measurements.count == 4)
        #expect(report.median("vessel") == 4.5)
        #expect(report.median("qemu") == 9.5)
        #expect(report.ratio == 4.5 / 9.5)
        #expect(report.failedCount == 1)
        #expect(report.measurements.first { $0.pair == 2 && $0.label == "vessel" }?.exitStatus == 1)
        #expect(report.text.contains("FAILED"))
    }

    @Test func pairMissingFromAnUnfinishedScenarioCountsAsFailedForBothSides() {
        let benchmark = BootBenchmark(runs: 1, first: .vessel, second: .qemuMicrovm())
        let report = benchmark.report(from: [ScenarioResult(name: "boot-pair-1", exitStatus: nil, output: "", attempts: 3)])
        #expect(report.failedCount == 2)
        #expect(report.ratio == nil)
    }
}
