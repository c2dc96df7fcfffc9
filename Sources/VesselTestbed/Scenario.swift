/// A shell script run inside the L2 host, with `vessel` on PATH and these variables set:
/// `VESSEL_ASSETS`, `VMLINUZ`, `VMLINUX`, `INITRD` (the L3 guest assets), `QEMU` (when QEMU is included)
/// and `VESSEL_TESTBED_ATTEMPT` (1 for the first session, 2 and 3 for re-runs).
/// The L2 heartbeat's pid is in /run/vessel-testbed-heartbeat.pid (tests stop it to simulate a frozen L2).
public struct Scenario: Sendable, Hashable {
    public var name: String
    public var script: String
    /// Killed (and reported as failed with status 137) after this many seconds of L2 time.
    public var timeoutSeconds: Int

    public init(name: String, script: String, timeoutSeconds: Int = 300) {
        self.name = name
        self.script = script
        self.timeoutSeconds = timeoutSeconds
    }
}
