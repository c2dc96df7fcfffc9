/// One timed run of the virtio-blk benchmark: sequential O_DIRECT read and write of the same image.
struct BlockBenchmarkSample: Equatable {
    let runner: String
    let readMiBPerSecond: Double
    let writeMiBPerSecond: Double

    /// Reads `RUN <runner>` lines, each followed by `BENCH-TIMES <start> <after-read> <after-write>`
    /// (seconds, L2 clock) for `mebibytes` read and then written.
    static func parse(_ output: String, mebibytes: Double) -> [BlockBenchmarkSample] {
        var runner: String?
        var samples: [BlockBenchmarkSample] = []
        for line in output.split(separator: "\n") {
            let fields = line.split(separator: " ").map(String.init)
            if fields.first == "RUN", fields.count == 2 {
                runner = fields[1]
            } else if let index = fields.firstIndex(of: "BENCH-TIMES"), fields.count >= index + 4, let current = runner,
                      let start = Double(fields[index + 1]), let read = Double(fields[index + 2]),
                      let written = Double(fields[index + 3]), read > start, written > read {
                samples.append(BlockBenchmarkSample(runner: current, readMiBPerSecond: mebibytes / (read - start),
                                                    writeMiBPerSecond: mebibytes / (written - read)))
                runner = nil
            }
        }
        return samples
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
