#if canImport(Glibc)
import Glibc
#endif
import CVesselKVM

/// The ioctl calls, with EINTR retried and failures turned into `KVMError`.
enum KVMIoctl {
    /// For ioctls that carry no argument or a plain integer; returns the non-negative result.
    @discardableResult
    static func value(_ fd: Int32, _ request: UInt, _ argument: UInt = 0, name: String) throws -> Int32 {
        try retryingInterrupted(name: name) { vessel_ioctl_value(fd, request, argument) }
    }

    /// For ioctls that read or write a structure; returns the non-negative result.
    @discardableResult
    static func pointer(_ fd: Int32, _ request: UInt, _ argument: UnsafeMutableRawPointer, name: String) throws -> Int32 {
        try retryingInterrupted(name: name) { vessel_ioctl_pointer(fd, request, argument) }
    }

    private static func retryingInterrupted(name: String, _ call: () -> Int32) throws -> Int32 {
        while true {
            let result = call()
            if result >= 0 { return result }
            let code = errno
            if code == EINTR { continue }
            throw KVMError.ioctlFailed(operation: name, errno: code)
        }
    }

    /// Passes a copy of `value` by pointer and returns the (possibly kernel-updated) value.
    @discardableResult
    static func structure<T>(_ fd: Int32, _ request: UInt, _ value: T, name: String) throws -> T {
        var copy = value
        try withUnsafeMutableBytes(of: &copy) { bytes in
            guard let base = bytes.baseAddress else { throw KVMError.invalidArgument("empty \(name) argument") }
            try pointer(fd, request, base, name: name)
        }
        return copy
    }

    /// Closes a descriptor we own; the result is ignored because the descriptor is gone either way on Linux.
    static func close(_ fd: Int32) {
        if fd >= 0 { _ = Glibc.close(fd) }
    }
}
