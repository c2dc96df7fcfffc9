import Testing

@Suite struct BlockBenchmarkSampleTests {
    @Test func parsesRunsAndIgnoresNoise() {
        let output = """
            RUN vessel
            [    1.0] virtio_blk virtio0: [vda] 262144 512-byte logical blocks
            BENCH-TIMES 10.00 12.00 14.00
            RUN qemu
            RUN l2
            BENCH-TIMES 1.00 1.50 3.00
            """
        let samples = BlockBenchmarkSample.parse(output, mebibytes: 128)
        #expect(samples == [BlockBenchmarkSample(runner: "vessel", readMiBPerSecond: 64, writeMiBPerSecond: 64),
                            BlockBenchmarkSample(runner: "l2", readMiBPerSecond: 256, writeMiBPerSecond: 128 / 1.5)])
        #expect(BlockBenchmarkSample.median([3, 1, 2]) == 2)
        #expect(BlockBenchmarkSample.median([4, 1, 2, 3]) == 2.5)
        #expect(BlockBenchmarkSample.median([]) == nil)
    }
}
