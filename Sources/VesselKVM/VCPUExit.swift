import CVesselKVM

/// Why KVM_RUN returned. Buffers point into the vCPU's kvm_run area and are valid until the next `run()`.
public enum VCPUExit: CustomStringConvertible {
    /// The guest executed IN/INS: fill `data` (size * count bytes) before the next `run()`.
    case portIn(port: UInt16, size: Int, count: Int, data: UnsafeMutableRawBufferPointer)
    /// The guest executed OUT/OUTS with `data` (size * count bytes).
    case portOut(port: UInt16, size: Int, count: Int, data: UnsafeRawBufferPointer)
    /// A load from guest physical memory no slot backs: fill `data` (1, 2, 4 or 8 bytes).
    case mmioRead(address: UInt64, data: UnsafeMutableRawBufferPointer)
    /// A store to guest physical memory no slot backs.
    case mmioWrite(address: UInt64, data: UnsafeRawBufferPointer)
    /// HLT with no in-kernel local APIC to wait in.
    case halt
    /// Triple fault (or another reset-like shutdown).
    case shutdown
    /// KVM_EXIT_SYSTEM_EVENT: KVM_SYSTEM_EVENT_SHUTDOWN, _RESET, _CRASH, ...
    case systemEvent(type: UInt32)
    /// VM entry failed; the hardware reason is vendor-specific.
    case failEntry(reason: UInt64)
    /// KVM could not emulate something; `suberror` is KVM_INTERNAL_ERROR_*.
    case internalError(suberror: UInt32)
    /// KVM_RUN returned EINTR (a signal or immediate_exit) or KVM_EXIT_INTR.
    case interrupted
    /// KVM_EXIT_UNKNOWN with the hardware exit reason.
    case unknown(hardwareReason: UInt64)
    /// Any other exit reason.
    case unhandled(reason: UInt32)

    public var description: String {
        switch self {
        case let .portIn(port, size, count, _):
            return "KVM_EXIT_IO in from port 0x\(String(port, radix: 16)) (\(size) bytes x \(count))"
        case let .portOut(port, size, count, data):
            return "KVM_EXIT_IO out to port 0x\(String(port, radix: 16)) (\(size) bytes x \(count)): \(VCPUExit.hex(data))"
        case let .mmioRead(address, data):
            return "KVM_EXIT_MMIO read of \(data.count) bytes at 0x\(String(address, radix: 16))"
        case let .mmioWrite(address, data):
            return "KVM_EXIT_MMIO write of \(data.count) bytes at 0x\(String(address, radix: 16)): \(VCPUExit.hex(data))"
        case .halt:
            return "KVM_EXIT_HLT"
        case .shutdown:
            return "KVM_EXIT_SHUTDOWN (triple fault)"
        case let .systemEvent(type):
            return "KVM_EXIT_SYSTEM_EVENT (type \(type))"
        case let .failEntry(reason):
            return "KVM_EXIT_FAIL_ENTRY (hardware reason 0x\(String(reason, radix: 16)))"
        case let .internalError(suberror):
            return "KVM_EXIT_INTERNAL_ERROR (suberror \(suberror))"
        case .interrupted:
            return "KVM_EXIT_INTR (interrupted)"
        case let .unknown(reason):
            return "KVM_EXIT_UNKNOWN (hardware reason 0x\(String(reason, radix: 16)))"
        case let .unhandled(reason):
            return "\(VCPUExit.name(ofReason: reason)) (not handled)"
        }
    }

    private static func hex(_ bytes: UnsafeRawBufferPointer) -> String {
        let shown = bytes.prefix(16).map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }
        return shown.joined(separator: " ") + (bytes.count > 16 ? " ..." : "")
    }

    /// The KVM_EXIT_* name of an exit reason number.
    public static func name(ofReason reason: UInt32) -> String {
        let names: [UInt32: String] = [
            0: "KVM_EXIT_UNKNOWN", 1: "KVM_EXIT_EXCEPTION", 2: "KVM_EXIT_IO", 3: "KVM_EXIT_HYPERCALL",
            4: "KVM_EXIT_DEBUG", 5: "KVM_EXIT_HLT", 6: "KVM_EXIT_MMIO", 7: "KVM_EXIT_IRQ_WINDOW_OPEN",
            8: "KVM_EXIT_SHUTDOWN", 9: "KVM_EXIT_FAIL_ENTRY", 10: "KVM_EXIT_INTR", 11: "KVM_EXIT_SET_TPR",
            12: "KVM_EXIT_TPR_ACCESS", 17: "KVM_EXIT_INTERNAL_ERROR", 18: "KVM_EXIT_OSI",
            19: "KVM_EXIT_PAPR_HCALL", 24: "KVM_EXIT_SYSTEM_EVENT", 26: "KVM_EXIT_IOAPIC_EOI",
            27: "KVM_EXIT_HYPERV", 29: "KVM_EXIT_X86_RDMSR", 30: "KVM_EXIT_X86_WRMSR",
            31: "KVM_EXIT_DIRTY_RING_FULL", 32: "KVM_EXIT_AP_RESET_HOLD", 34: "KVM_EXIT_XEN",
            35: "KVM_EXIT_RISCV_SBI", 37: "KVM_EXIT_NOTIFY", 39: "KVM_EXIT_MEMORY_FAULT",
        ]
        return names[reason] ?? "KVM exit reason \(reason)"
    }
}
