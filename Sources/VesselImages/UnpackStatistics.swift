/// What one layer unpack did, for progress lines and the benchmark.
public struct UnpackStatistics: Sendable {
    public var entries = 0
    public var fileBytes: Int64 = 0
    public var tarBytes: Int64 = 0
    public var whiteouts = 0
    /// Device nodes skipped because the process is not root.
    public var skippedDevices = 0

    public init() {}
}
