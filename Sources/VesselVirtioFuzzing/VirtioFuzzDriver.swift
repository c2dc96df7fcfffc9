/// Runs the harness on seeded random inputs, for builds without libFuzzer and for `swift test`.
/// Each iteration's input depends only on (seed, iteration), so a failure replays on its own.
public enum VirtioFuzzDriver {
    public static let maximumInputLength = 1024

    public static func input(seed: UInt64, iteration: Int) -> [UInt8] {
        var generator = SplitMix64(seed: seed ^ (UInt64(iteration) &* 0xD605_BBB5_8C8A_BBB9))
        // Mostly short inputs (a few operations), sometimes long ones that build up state.
        let limit = generator.next() % 4 == 0 ? maximumInputLength : 96
        let length = Int(generator.next() % UInt64(limit + 1))
        var bytes: [UInt8] = []
        bytes.reserveCapacity(length + 8)
        while bytes.count < length {
            withUnsafeBytes(of: generator.next()) { bytes += $0 }
        }
        return Array(bytes.prefix(length))
    }

    /// Runs iterations [first, first + count); the first broken invariant is thrown with its iteration.
    public static func run(seed: UInt64, first: Int = 0, count: Int) throws -> VirtioFuzzStatistics {
        var statistics = VirtioFuzzStatistics()
        for iteration in first..<(first + count) {
            do {
                statistics.merge(try VirtioFuzzHarness.run(input(seed: seed, iteration: iteration)))
            } catch let failure as VirtioFuzzFailure {
                throw VirtioFuzzFailure("seed \(seed), iteration \(iteration): \(failure)")
            }
        }
        return statistics
    }
}
