#if canImport(Glibc)
import Glibc
#endif
import VesselMemory

/// Why a kernel could not be parsed or laid out in guest memory. Each description is one line.
public enum BootError: Error, Equatable, Sendable, CustomStringConvertible {
    case notALinuxKernel(fileSize: Int)
    case bzImageHeaderTruncated(fileSize: Int)
    case truncatedBzImage(setupSectors: Int, fileSize: Int)
    case unsupportedBootProtocol(version: UInt16)
    case kernelNot64Bit
    case kernelNotLoadedHigh
    case malformedELF(String)
    case unsupportedELF(String)
    case missingPVHNote
    case fileNotFound(what: String, path: String)
    case fileUnreadable(what: String, path: String, errno: Int32)
    case fileTooLarge(what: String, path: String, size: UInt64)
    case notARegularFile(what: String, path: String)
    case memoryTooSmall(memorySize: UInt64, minimum: UInt64)
    case memoryMismatch(memorySize: UInt64)
    case kernelDoesNotFit(kernelEnd: UInt64, ramEnd: UInt64)
    case segmentBelowKernelArea(address: UInt64)
    case initrdTooLarge(size: UInt64, limit: UInt64, kernelEnd: UInt64)
    case commandLineTooLong(length: Int, maximum: Int)
    case commandLineContainsNul
    case invalidVCPUCount(Int)
    case invalidACPIName(String)
    case duplicateACPIName(String)
    case invalidACPIString(String)
    case amlTooLarge(length: Int)
    case acpiTablesTooLarge(size: Int, capacity: Int)
    case tooManyMemoryMapEntries(count: Int, maximum: Int)
    case guestMemory(what: String, GuestMemoryError)

    public var description: String {
        switch self {
        case let .notALinuxKernel(fileSize):
            return "not a Linux kernel image: no bzImage header or ELF magic (file has \(fileSize) bytes)"
        case let .bzImageHeaderTruncated(fileSize):
            return "truncated bzImage: file has \(fileSize) bytes, too few for the setup header"
        case let .truncatedBzImage(setupSectors, fileSize):
            return "truncated bzImage: setup header claims \(setupSectors) setup sectors but file has \(fileSize) bytes"
        case let .unsupportedBootProtocol(version):
            return "bzImage boot protocol \(version >> 8).\(version & 0xff) is too old: 2.12 or newer is needed for the 64-bit entry"
        case .kernelNot64Bit:
            return "bzImage has no 64-bit entry point (XLF_KERNEL_64 is not set in xloadflags)"
        case .kernelNotLoadedHigh:
            return "bzImage is not loaded high (LOADED_HIGH is not set): zImage kernels are not supported"
        case let .malformedELF(reason):
            return "malformed ELF kernel: \(reason)"
        case let .unsupportedELF(reason):
            return "unsupported ELF kernel: \(reason)"
        case .missingPVHNote:
            return "ELF kernel has no PVH entry point (no Xen note XEN_ELFNOTE_PHYS32_ENTRY): build it with CONFIG_PVH=y or boot a bzImage"
        case let .fileNotFound(what, path):
            return "\(what) not found: \(path)"
        case let .fileUnreadable(what, path, errno):
            return "cannot read \(what) \(path): \(String(cString: strerror(errno))) (errno \(errno))"
        case let .notARegularFile(what, path):
            return "\(what) \(path) is not a regular file"
        case let .fileTooLarge(what, path, size):
            return "\(what) \(path) is too large (\(size) bytes)"
        case let .memoryTooSmall(memorySize, minimum):
            return "guest memory of \(memorySize / mebibyte) MiB is too small: at least \(minimum / mebibyte) MiB is needed"
        case let .memoryMismatch(memorySize):
            return "guest memory does not cover the RAM ranges of a \(memorySize / mebibyte) MiB machine"
        case let .kernelDoesNotFit(kernelEnd, ramEnd):
            return "kernel needs guest memory up to \(hex(kernelEnd)) but low RAM ends at \(hex(ramEnd))"
        case let .segmentBelowKernelArea(address):
            return "ELF segment at \(hex(address)) lies below 1 MiB, where the boot structures live"
        case let .initrdTooLarge(size, limit, kernelEnd):
            let available = limit > kernelEnd ? (limit - kernelEnd) / mebibyte : 0
            return "initrd of \(mebibytes(size)) MiB does not fit below \(hex(limit)): only \(available) MiB free above the kernel end \(hex(kernelEnd))"
        case let .commandLineTooLong(length, maximum):
            return "kernel command line of \(length) bytes is longer than the kernel's limit of \(maximum) bytes"
        case .commandLineContainsNul:
            return "kernel command line contains a NUL byte"
        case let .invalidVCPUCount(count):
            return "vCPU count \(count) is out of range: 1 to \(X86MemoryLayout.maximumVCPUCount) are supported"
        case let .invalidACPIName(name):
            return "invalid ACPI name \"\(name)\": 4 characters from A-Z, 0-9 and _, not starting with a digit"
        case let .duplicateACPIName(name):
            return "ACPI device name \"\(name)\" is used by more than one device"
        case let .invalidACPIString(value):
            return "invalid ACPI string \"\(value)\": only printable ASCII is allowed"
        case let .amlTooLarge(length):
            return "AML object of \(length) bytes is too large to encode"
        case let .acpiTablesTooLarge(size, capacity):
            return "ACPI tables of \(size) bytes do not fit in the \(capacity) byte ACPI area"
        case let .tooManyMemoryMapEntries(count, maximum):
            return "memory map has \(count) entries, more than the \(maximum) the boot structure can hold"
        case let .guestMemory(what, error):
            return "cannot write \(what) to guest memory: \(error)"
        }
    }
}

private let mebibyte: UInt64 = 1 << 20

private func hex(_ value: UInt64) -> String {
    "0x" + String(value, radix: 16)
}

/// Rounds up so a 1-byte-over initrd never reads as "0 MiB".
private func mebibytes(_ value: UInt64) -> UInt64 {
    value / mebibyte + (value % mebibyte == 0 ? 0 : 1)
}
