#if canImport(Glibc)
import Glibc
#endif
import CVesselKVM

extension VCPU {
    /// KVM_RUN until the next exit that needs userspace. EINTR is reported as `.interrupted`, not retried,
    /// so a kick (signal plus immediate_exit) reaches the caller. EAGAIN is what an application processor
    /// gets while it waits for INIT/SIPI; it is reported the same way and the caller simply runs again.
    public func run() throws -> VCPUExit {
        if vessel_ioctl_value(fd, VESSEL_KVM_RUN, 0) < 0 {
            let code = errno
            if code == EINTR || code == EAGAIN { return .interrupted }
            throw KVMError.ioctlFailed(operation: "KVM_RUN", errno: code)
        }
        return try decodeExit()
    }

    func decodeExit() throws -> VCPUExit {
        let reason = runStructure.pointee.exit_reason
        switch Int32(bitPattern: reason) {
        case KVM_EXIT_IO:
            let io = runStructure.pointee.io
            let size = Int(io.size)
            let count = Int(io.count)
            let (length, overflow) = size.multipliedReportingOverflow(by: count)
            guard !overflow, io.data_offset <= UInt64(runAreaSize),
                  UInt64(length) <= UInt64(runAreaSize) - io.data_offset else {
                throw KVMError.malformedExit(reason: reason, detail: "port I/O data of \(size)x\(count) bytes at offset \(io.data_offset) overruns the \(runAreaSize)-byte run area")
            }
            let data = UnsafeMutableRawBufferPointer(start: runArea + Int(io.data_offset), count: length)
            if Int32(io.direction) == KVM_EXIT_IO_IN {
                return .portIn(port: io.port, size: size, count: count, data: data)
            }
            return .portOut(port: io.port, size: size, count: count, data: UnsafeRawBufferPointer(data))
        case KVM_EXIT_MMIO:
            let mmio = runStructure.pointee.mmio
            guard mmio.len <= 8 else {
                throw KVMError.malformedExit(reason: reason, detail: "MMIO length \(mmio.len) exceeds 8 bytes")
            }
            let data = UnsafeMutableRawBufferPointer(start: vessel_kvm_run_mmio_data(runStructure), count: Int(mmio.len))
            if mmio.is_write != 0 {
                return .mmioWrite(address: mmio.phys_addr, data: UnsafeRawBufferPointer(data))
            }
            return .mmioRead(address: mmio.phys_addr, data: data)
        case KVM_EXIT_HLT:
            return .halt
        case KVM_EXIT_SHUTDOWN:
            return .shutdown
        case KVM_EXIT_SYSTEM_EVENT:
            return .systemEvent(type: runStructure.pointee.system_event.type)
        case KVM_EXIT_FAIL_ENTRY:
            return .failEntry(reason: runStructure.pointee.fail_entry.hardware_entry_failure_reason)
        case KVM_EXIT_INTERNAL_ERROR:
            return .internalError(suberror: runStructure.pointee.internal.suberror)
        case KVM_EXIT_INTR:
            return .interrupted
        case KVM_EXIT_UNKNOWN:
            return .unknown(hardwareReason: runStructure.pointee.hw.hardware_exit_reason)
        default:
            return .unhandled(reason: reason)
        }
    }
}
