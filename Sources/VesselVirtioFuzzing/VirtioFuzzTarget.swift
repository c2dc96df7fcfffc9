import VesselMemory

/// libFuzzer's view of the harness: one guest memory reused (zeroed) for every input.
/// libFuzzer calls its entry point from one thread at a time, which is what makes the shared memory safe.
public final class VirtioFuzzTarget: @unchecked Sendable {
    let memory: GuestMemory

    public init() throws {
        memory = try VirtioFuzzHarness.makeMemory()
    }

    public func run(_ bytes: [UInt8]) throws {
        _ = try VirtioFuzzHarness.run(bytes, reusing: memory)
    }
}
