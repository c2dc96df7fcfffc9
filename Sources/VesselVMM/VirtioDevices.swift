import Logging
import VesselDevices
import VesselKVM
import VesselMemory
import VesselVirtio

/// The machine's virtio devices: each behind its own virtio-mmio transport, with its own event-loop
/// thread, an irqfd for its interrupt and an ioeventfd per queue so notifications skip the VMM's vCPU path.
final class VirtioDevices {
    struct Entry {
        let specification: any VirtioDeviceSpecification
        let device: any VirtioDevice
        let transport: VirtioMMIOTransport
        let loop: DeviceEventLoop
        let interruptEvent: EventNotifier
        let base: UInt64
    }

    private(set) var entries: [Entry] = []

    /// Opens every device's host resources; on any failure the ones already made are shut down first.
    init(specifications: [any VirtioDeviceSpecification], memory: GuestMemory,
         virtualMachine: VirtualMachine, logger: Logger) throws {
        try Self.validate(specifications)
        do {
            for (index, specification) in specifications.enumerated() {
                let loop = try DeviceEventLoop()
                let device: any VirtioDevice
                do {
                    device = try specification.makeDevice(loop: loop, logger: logger)
                } catch let error as VirtioError {
                    throw VMMError.invalidConfiguration("\(specification): \(error)")
                }
                let interruptEvent = try EventNotifier()
                let transport = try VirtioMMIOTransport(
                    device: device, memory: memory, interrupt: VirtioInterrupt { interruptEvent.signal() },
                    logger: logger)
                let slot = VirtioDeviceLayout.slot(index)
                entries.append(Entry(specification: specification, device: device, transport: transport, loop: loop,
                                     interruptEvent: interruptEvent, base: slot.base))
                do {
                    try virtualMachine.registerInterruptEventFD(interruptEvent.fileDescriptor, gsi: slot.interrupt)
                } catch {
                    throw VMMError.kvmFailed("irqfd for \(specification): \(error)")
                }
                for (queue, notifier) in transport.notifiers.enumerated() {
                    do {
                        try virtualMachine.registerIOEventFD(
                            notifier.fileDescriptor, address: slot.base + VirtioMMIOTransport.notifyOffset, length: 4,
                            isPortIO: false, datamatch: UInt64(queue))
                    } catch {
                        // Without an ioeventfd the write exits to the vCPU thread, which signals the same notifier.
                        logger.debug("ioeventfd for \(specification) queue \(queue): \(error); using MMIO exits")
                    }
                }
            }
        } catch {
            shutdown()
            throw error
        }
    }

    private static func validate(_ specifications: [any VirtioDeviceSpecification]) throws {
        guard specifications.count <= VirtioDeviceLayout.maximumDeviceCount else {
            throw VMMError.invalidConfiguration(
                "\(specifications.count) virtio devices: a microVM has at most \(VirtioDeviceLayout.maximumDeviceCount)")
        }
        var seen = Set<String>()
        for specification in specifications where !seen.insert(specification.identifier).inserted {
            throw VMMError.invalidConfiguration("device id '\(specification.identifier)' is used twice")
        }
    }

    func register(on bus: inout MMIOBusBuilder) throws {
        for entry in entries {
            do {
                try bus.register(entry.transport, base: entry.base, length: VirtioDeviceLayout.windowSize)
            } catch {
                throw VMMError.invalidConfiguration("device layout: \(error)")
            }
        }
    }

    func start() throws {
        for entry in entries {
            try entry.loop.start()
        }
    }

    /// Stops every device thread, then lets devices release what they created (taps, sockets).
    func shutdown() {
        for entry in entries {
            entry.loop.stop()
        }
        for entry in entries {
            entry.device.reset()
            entry.device.shutdown()
        }
        entries.removeAll()
    }
}
