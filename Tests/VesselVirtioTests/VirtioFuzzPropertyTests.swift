import Foundation
import Testing
import VesselMemory
import VesselVirtio
@testable import VesselVirtioFuzzing

/// The fuzz target's harness on seeded random inputs and on the seed corpus: the same checks libFuzzer
/// runs, on every `swift test`.
@Suite struct VirtioFuzzPropertyTests {
    static let corpus = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/corpus/virtio")

    @Test func twentyThousandSeededInputsKeepEveryInvariant() throws {
        let statistics = try VirtioFuzzDriver.run(seed: 20261128, count: 20_000)
        #expect(statistics.inputs == 20_000)
        // The inputs must reach the deep paths, not only bounce off the first check.
        #expect(statistics.queuesCreated > 1_000)
        #expect(statistics.chainsPopped > 1_000)
        #expect(statistics.usedAdded > 100)
        #expect(statistics.activations > 1_000)
        #expect(statistics.brokenReports > 100)
        #expect(statistics.queueErrors > 1_000)
        #expect(statistics.mmioReads > 1_000)
    }

    @Test func aSeedReplaysExactly() throws {
        let first = try VirtioFuzzDriver.run(seed: 42, first: 100, count: 300)
        let second = try VirtioFuzzDriver.run(seed: 42, first: 100, count: 300)
        #expect(first == second)
        #expect(VirtioFuzzDriver.input(seed: 42, iteration: 7) == VirtioFuzzDriver.input(seed: 42, iteration: 7))
        #expect(VirtioFuzzDriver.input(seed: 42, iteration: 7) != VirtioFuzzDriver.input(seed: 43, iteration: 7))
    }

    /// libFuzzer's target reuses one zeroed guest memory; it must behave as a fresh one.
    @Test func reusedMemoryBehavesLikeFreshMemory() throws {
        let memory = try VirtioFuzzHarness.makeMemory()
        for iteration in 0..<300 {
            let bytes = VirtioFuzzDriver.input(seed: 9, iteration: iteration)
            #expect(try VirtioFuzzHarness.run(bytes, reusing: memory) == VirtioFuzzHarness.run(bytes))
        }
    }

    @Test func seedCorpusReachesChainsAndActivation() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path).sorted()
        #expect(files.count >= 5)
        var statistics = VirtioFuzzStatistics()
        for file in files {
            let bytes = try [UInt8](Data(contentsOf: Self.corpus.appendingPathComponent(file)))
            statistics.merge(try VirtioFuzzHarness.run(bytes))
        }
        #expect(statistics.chainsPopped >= 3)
        #expect(statistics.activations >= 1)
        #expect(statistics.queueErrors >= 1)
    }

    @Test func chainCheckRejectsABufferOutsideGuestMemory() throws {
        let harness = try VirtioFuzzHarness(memory: VirtioFuzzHarness.makeMemory())
        var configuration = VirtQueueConfiguration(maximumSize: 8)
        configuration.descriptorTable = 0x1000
        configuration.availableRing = 0x1080
        configuration.usedRing = 0x1100
        let queue = try VirtQueue(index: 0, configuration: configuration, memory: harness.memory, features: 0)
        let inside = DescriptorChain(headIndex: 1, readable: [GuestBuffer(address: GuestAddress(0xD000), length: 16)], writable: [])
        try harness.check(inside, from: queue)
        let straddlingTheHole = DescriptorChain(
            headIndex: 1, readable: [], writable: [GuestBuffer(address: GuestAddress(0xBFF8), length: 16)])
        #expect(throws: VirtioFuzzFailure.self) { try harness.check(straddlingTheHole, from: queue) }
        let headOutsideQueue = DescriptorChain(headIndex: 8, readable: [GuestBuffer(address: GuestAddress(0), length: 1)], writable: [])
        #expect(throws: VirtioFuzzFailure.self) { try harness.check(headOutsideQueue, from: queue) }
    }
}
