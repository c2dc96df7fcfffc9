import CVesselKVM
import Logging
import VesselDevices
import VesselKVM

/// Runs one vCPU until the machine stops, dispatching its exits to the device buses.
/// Lives on that vCPU's own thread; nothing here blocks except KVM_RUN.
struct VCPULoop: @unchecked Sendable {
    let vcpu: VCPU
    let ioBus: IOBus
    let mmioBus: MMIOBus
    let coordinator: ExitCoordinator
    let logger: Logger

    func run() {
        var reportedFirstExit = false
        while !coordinator.isStopping {
            let exit: VCPUExit
            do {
                exit = try vcpu.run()
            } catch {
                coordinator.finish(.failed("vCPU \(vcpu.id): \(error)"))
                return
            }
            if !reportedFirstExit && vcpu.id == 0 {
                // The guest has run by now; the benchmark reads this line for "CPU time to first guest instruction".
                reportedFirstExit = true
                logger.debug("first guest exit: \(ProcessCPUTime.milliseconds()) ms of process CPU time")
            }
            if let outcome = handle(exit) {
                coordinator.finish(outcome)
                return
            }
        }
    }

    /// Returns how the machine ends, or nil to keep running.
    private func handle(_ exit: VCPUExit) -> MachineExit? {
        switch exit {
        case let .portOut(port, size, count, data):
            for index in 0..<count {
                let chunk = UnsafeRawBufferPointer(rebasing: data[(index * size)..<((index + 1) * size)])
                if !ioBus.write(port: port, data: chunk) {
                    logger.trace("unhandled port write 0x\(String(port, radix: 16))")
                }
            }
        case let .portIn(port, size, count, data):
            for index in 0..<count {
                let chunk = UnsafeMutableRawBufferPointer(rebasing: data[(index * size)..<((index + 1) * size)])
                if !ioBus.read(port: port, into: chunk) {
                    // Nothing decodes this port: an ISA bus floats high.
                    chunk.initializeMemory(as: UInt8.self, repeating: 0xFF)
                }
            }
        case let .mmioWrite(address, data):
            if !mmioBus.write(address: address, data: data) {
                logger.trace("unhandled MMIO write at 0x\(String(address, radix: 16))")
            }
        case let .mmioRead(address, data):
            if !mmioBus.read(address: address, into: data) {
                data.initializeMemory(as: UInt8.self, repeating: 0xFF)
            }
        case .interrupted:
            break
        case .halt:
            return .halted
        case .shutdown:
            return .reboot(cause: "triple fault on vCPU \(vcpu.id)")
        case let .systemEvent(type):
            switch type {
            case UInt32(KVM_SYSTEM_EVENT_SHUTDOWN):
                return .powerOff
            case UInt32(KVM_SYSTEM_EVENT_RESET):
                return .reboot(cause: "KVM reset event")
            default:
                return failure(exit)
            }
        case .failEntry, .internalError, .unknown, .unhandled:
            return failure(exit)
        }
        return nil
    }

    private func failure(_ exit: VCPUExit) -> MachineExit {
        let rip = (try? vcpu.registers()).map { "0x" + String($0.rip, radix: 16) } ?? "unknown"
        return .failed("vCPU \(vcpu.id) stopped on \(exit) at guest RIP \(rip)")
    }
}
