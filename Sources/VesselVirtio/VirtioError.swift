#if canImport(Glibc)
import Glibc
#endif

/// What went wrong in the virtio layer. Queue errors come from guest-written data and make the
/// device need a reset; they never end the VMM.
public enum VirtioError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A descriptor, ring or buffer the guest described is outside guest memory or malformed.
    case malformedQueue(queue: Int, reason: String)
    /// A host-side call failed.
    case hostCallFailed(call: String, errno: Int32)
    /// A device request the guest sent that the device cannot serve (bad header, short buffer).
    case badRequest(String)
    /// A device option the user gave cannot work (a missing file, a bad value).
    case invalidConfiguration(String)
    /// The device could not be activated with the queues the driver configured.
    case activationFailed(String)

    public var description: String {
        switch self {
        case let .malformedQueue(queue, reason):
            return "virtqueue \(queue): \(reason)"
        case let .hostCallFailed(call, errno):
            return "\(call) failed: \(String(cString: strerror(errno)))"
        case let .badRequest(reason):
            return "bad request: \(reason)"
        case let .invalidConfiguration(reason):
            return reason
        case let .activationFailed(reason):
            return "activation failed: \(reason)"
        }
    }
}
