/// What the harness reached, so tests and the driver can tell a fuzz run that exercised the core from
/// one that bounced off the first check.
public struct VirtioFuzzStatistics: Sendable, Equatable {
    public var inputs = 0
    public var operations = 0
    public var queuesCreated = 0
    public var chainsPopped = 0
    public var usedAdded = 0
    public var queueErrors = 0
    public var mmioReads = 0
    public var mmioWrites = 0
    public var activations = 0
    public var brokenReports = 0

    public init() {}

    public mutating func merge(_ other: VirtioFuzzStatistics) {
        inputs += other.inputs
        operations += other.operations
        queuesCreated += other.queuesCreated
        chainsPopped += other.chainsPopped
        usedAdded += other.usedAdded
        queueErrors += other.queueErrors
        mmioReads += other.mmioReads
        mmioWrites += other.mmioWrites
        activations += other.activations
        brokenReports += other.brokenReports
    }
}
