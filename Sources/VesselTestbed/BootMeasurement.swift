/// One VMM's boot in one benchmark pair.
public struct BootMeasurement: Sendable, Hashable {
    public var pair: Int
    public var label: String
    /// VMM start to the guest's marker line, in L2 seconds; nil if the marker never came.
    public var seconds: Double?
    /// The VMM's exit status (137: killed by the watchdog); nil if the pair never finished.
    public var exitStatus: Int32?
    /// The L2 session attempt the pair ran in.
    public var attempt: Int

    public init(pair: Int, label: String, seconds: Double?, exitStatus: Int32?, attempt: Int) {
        self.pair = pair
        self.label = label
        self.seconds = seconds
        self.exitStatus = exitStatus
        self.attempt = attempt
    }

    public var succeeded: Bool { seconds != nil }
}
