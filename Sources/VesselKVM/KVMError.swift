#if canImport(Glibc)
import Glibc
#endif

/// Why a /dev/kvm operation failed. Each description is one line naming the operation.
public enum KVMError: Error, Equatable, Sendable, CustomStringConvertible {
    /// open(2) of the KVM device failed.
    case openFailed(path: String, errno: Int32)
    /// An ioctl failed; `operation` is the ioctl's name, e.g. "KVM_CREATE_VM".
    case ioctlFailed(operation: String, errno: Int32)
    /// KVM_GET_API_VERSION returned something other than the stable API 12.
    case unsupportedAPIVersion(found: Int32, expected: Int32)
    /// mmap of the vCPU's shared kvm_run area failed.
    case runAreaMappingFailed(size: Int, errno: Int32)
    /// KVM_SET_MSRS stopped early: only `set` of `requested` were written; `rejected` is the first refused MSR.
    case msrsRejected(set: Int, requested: Int, rejected: UInt32)
    /// KVM_GET_SUPPORTED_CPUID kept answering E2BIG up to this many entries.
    case cpuidListTooLarge(entries: Int)
    /// A vCPU topology that cannot be described (index outside 0..<count, or too many vCPUs for xAPIC IDs).
    case invalidTopology(index: Int, count: Int)
    /// An argument the kernel would reject, described in one line.
    case invalidArgument(String)
    /// KVM reported an exit whose fields do not fit the shared kvm_run area.
    case malformedExit(reason: UInt32, detail: String)

    public var description: String {
        switch self {
        case let .openFailed(path, code):
            return "cannot open \(path): \(KVMError.text(for: code))"
        case let .ioctlFailed(operation, code):
            return "\(operation) failed: \(KVMError.text(for: code))"
        case let .unsupportedAPIVersion(found, expected):
            return "KVM_GET_API_VERSION returned \(found), but Vessel needs API version \(expected)"
        case let .runAreaMappingFailed(size, code):
            return "mmap of the \(size)-byte kvm_run area failed: \(KVMError.text(for: code))"
        case let .msrsRejected(set, requested, rejected):
            return "KVM_SET_MSRS set only \(set) of \(requested) MSRs; MSR 0x\(String(rejected, radix: 16)) was rejected"
        case let .cpuidListTooLarge(entries):
            return "KVM_GET_SUPPORTED_CPUID still answered E2BIG with room for \(entries) entries"
        case let .invalidTopology(index, count):
            return "cannot describe vCPU \(index) of \(count): index must be below the count and the count in 1...\(CPUIDTemplate.maximumVCPUCount)"
        case let .invalidArgument(text):
            return "invalid KVM argument: \(text)"
        case let .malformedExit(reason, detail):
            return "malformed KVM exit \(VCPUExit.name(ofReason: reason)): \(detail)"
        }
    }

    static func text(for code: Int32) -> String {
        guard let message = strerror(code) else { return "errno \(code)" }
        return "\(String(cString: message)) (errno \(code))"
    }
}
