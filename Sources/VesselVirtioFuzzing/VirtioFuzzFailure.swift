/// An invariant the virtio core broke on a fuzz input: the bug report the fuzzer exists to produce.
public struct VirtioFuzzFailure: Error, CustomStringConvertible, Sendable {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
