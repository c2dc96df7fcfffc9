import Foundation
import Testing
@testable import VesselTestbed

@Suite("L2 console parsing")
struct ConsoleParserTests {
    static let marker = "@@vessel-testbed:42:"

    private func parser(_ names: [Int: String] = [0: "first", 1: "second"]) -> ConsoleParser {
        ConsoleParser(marker: Self.marker, names: names, onScenarioOutput: nil)
    }

    @Test func splitsScenarioOutputsByMarkersAcrossChunkBoundaries() {
        let console = "boot noise\r\n\n\(Self.marker)ready:3.1\r\n\n\(Self.marker)begin:0\r\nhello\r\nworld\r\n\n"
            + "\(Self.marker)end:0:0:10.5:12.0\r\n\n\(Self.marker)begin:1\r\nbad\r\n\n\(Self.marker)end:1:3:12.0:12.25\r\n"
            + "\n\(Self.marker)done\r\n"
        let parser = parser()
        let bytes = Array(console.utf8)
        for start in stride(from: 0, to: bytes.count, by: 7) {
            parser.consume(Data(bytes[start..<min(start + 7, bytes.count)]))
        }
        parser.finish()
        let results = parser.results
        #expect(results[0]?.output == "hello\nworld")
        #expect(results[0]?.exitStatus == 0)
        #expect(results[0]?.l2Seconds == 1.5)
        #expect(results[1]?.output == "bad")
        #expect(results[1]?.exitStatus == 3)
        #expect(parser.isDone && parser.reachedReady && parser.fatal == nil)
        #expect(parser.partial == nil)
    }

    @Test func markerAfterUnterminatedOutputKeepsTheText() {
        let parser = parser()
        parser.consume(Data("\n\(Self.marker)begin:0\nno newline at end\n\(Self.marker)end:0:1:1:2\n".utf8))
        #expect(parser.results[0]?.output == "no newline at end")
        #expect(parser.results[0]?.exitStatus == 1)
    }

    @Test func unfinishedScenarioLeavesPartialOutputAndNoResult() {
        let parser = parser()
        parser.consume(Data("\n\(Self.marker)begin:1\nbooting L3\nhalf a li".utf8))
        parser.finish()
        #expect(parser.results.isEmpty)
        #expect(parser.partial?.index == 1)
        #expect(parser.partial?.output == "booting L3\nhalf a li")
        #expect(!parser.isDone)
    }

    @Test func fatalSetupMessageIsReported() {
        let parser = parser()
        parser.consume(Data("\n\(Self.marker)fatal:insmod kvm-amd failed\n".utf8))
        #expect(parser.fatal == "insmod kvm-amd failed")
    }

    @Test func markersOfAnotherSessionAreOrdinaryOutput() {
        let parser = parser()
        parser.consume(Data("\n\(Self.marker)begin:0\n@@vessel-testbed:7:end:0:0:1:2\n\(Self.marker)end:0:0:1:2\n".utf8))
        #expect(parser.results[0]?.output == "@@vessel-testbed:7:end:0:0:1:2")
    }

    @Test func streamsScenarioLinesWithTheScenarioName() {
        let collected = LineCollector()
        let parser = ConsoleParser(marker: Self.marker, names: [0: "streamed"]) { name, line in
            collected.append("\(name): \(line)")
        }
        parser.consume(Data("before\n\(Self.marker)begin:0\none\ntwo\n".utf8))
        #expect(collected.lines == ["streamed: one", "streamed: two"])
    }
}
