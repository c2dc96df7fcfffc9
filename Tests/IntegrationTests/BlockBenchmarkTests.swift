import Foundation
import Testing
import VesselTestbed

extension NestedTestbedTests {
/// `VESSEL_BLK_BENCH=1 flock /tmp/vessel-bench.lock swift test --skip-build --filter BlockBenchmark`
@Suite("virtio-blk benchmark")
struct BlockBenchmarkTests {
    @Test("sequential O_DIRECT read/write: Vessel vs QEMU microvm, medians and ratio")
    func throughput() throws {
        guard ProcessInfo.processInfo.environment["VESSEL_BLK_BENCH"] == "1" else {
            print("SKIP: set VESSEL_BLK_BENCH=1 to run the virtio-blk benchmark")
            return
        }
        guard let report = BlockBenchmarkSession.run().report() else { return }
        let result = try #require(report.results.first)
        let samples = BlockBenchmarkSample.parse(result.output, mebibytes: Double(BlockBenchmarkSession.mebibytes))
        var medians: [String: (read: Double, write: Double)] = [:]
        for runner in ["vessel", "qemu", "l2"] {
            let mine = samples.filter { $0.runner == runner }
            #expect(mine.count == BlockBenchmarkSession.pairs, "\(runner): \(mine.count) samples\n\(result.output)")
            guard let read = BlockBenchmarkSample.median(mine.map(\.readMiBPerSecond)),
                  let write = BlockBenchmarkSample.median(mine.map(\.writeMiBPerSecond)) else { continue }
            medians[runner] = (read, write)
            let each = mine.map { String(format: "%.0f/%.0f", $0.readMiBPerSecond, $0.writeMiBPerSecond) }
            print(String(format: "BENCH %@: read %.0f MiB/s, write %.0f MiB/s (median of %d; runs r/w: %@)",
                         runner, read, write, mine.count, each.joined(separator: " ")))
        }
        if let vessel = medians["vessel"], let qemu = medians["qemu"] {
            print(String(format: "BENCH ratio Vessel/QEMU: read %.2f, write %.2f", vessel.read / qemu.read,
                         vessel.write / qemu.write))
        }
    }
}
}
