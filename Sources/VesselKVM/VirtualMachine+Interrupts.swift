import CVesselKVM

extension VirtualMachine {
    /// KVM_IRQ_LINE: drives an in-kernel irqchip input (a GSI) to the given level.
    public func setInterruptLine(_ gsi: UInt32, high: Bool) throws {
        var level = kvm_irq_level()
        level.irq = gsi
        level.level = high ? 1 : 0
        try KVMIoctl.pointer(fd, VESSEL_KVM_IRQ_LINE, &level, name: "KVM_IRQ_LINE")
    }

    /// KVM_IRQFD: a write to `fd` (an eventfd) raises edge-triggered `gsi` without leaving the kernel.
    public func registerInterruptEventFD(_ fd: Int32, gsi: UInt32) throws {
        try interruptEventFD(fd, gsi: gsi, flags: 0)
    }

    public func unregisterInterruptEventFD(_ fd: Int32, gsi: UInt32) throws {
        try interruptEventFD(fd, gsi: gsi, flags: VESSEL_KVM_IRQFD_FLAG_DEASSIGN)
    }

    private func interruptEventFD(_ eventFD: Int32, gsi: UInt32, flags: UInt32) throws {
        guard eventFD >= 0 else { throw KVMError.invalidArgument("irqfd descriptor \(eventFD) is negative") }
        var request = kvm_irqfd()
        request.fd = UInt32(eventFD)
        request.gsi = gsi
        request.flags = flags
        try KVMIoctl.pointer(self.fd, VESSEL_KVM_IRQFD, &request, name: "KVM_IRQFD")
    }

    /// KVM_IOEVENTFD: a guest write to `address` signals `fd` instead of exiting to userspace.
    /// `length` 0 matches any width; `datamatch` restricts the match to one written value.
    public func registerIOEventFD(_ fd: Int32, address: UInt64, length: UInt32, isPortIO: Bool,
                                  datamatch: UInt64? = nil) throws {
        try ioEventFD(fd, address: address, length: length, isPortIO: isPortIO, datamatch: datamatch, deassign: false)
    }

    /// Removes a registration; every argument must match the one given to `registerIOEventFD`.
    public func unregisterIOEventFD(_ fd: Int32, address: UInt64, length: UInt32, isPortIO: Bool,
                                    datamatch: UInt64? = nil) throws {
        try ioEventFD(fd, address: address, length: length, isPortIO: isPortIO, datamatch: datamatch, deassign: true)
    }

    private func ioEventFD(_ eventFD: Int32, address: UInt64, length: UInt32, isPortIO: Bool,
                           datamatch: UInt64?, deassign: Bool) throws {
        guard [0, 1, 2, 4, 8].contains(length) else {
            throw KVMError.invalidArgument("ioeventfd length \(length) must be 0, 1, 2, 4 or 8")
        }
        guard eventFD >= 0 else { throw KVMError.invalidArgument("ioeventfd descriptor \(eventFD) is negative") }
        var request = kvm_ioeventfd()
        request.addr = address
        request.len = length
        request.fd = eventFD
        var flags: UInt32 = 0
        if isPortIO { flags |= VESSEL_KVM_IOEVENTFD_FLAG_PIO }
        if deassign { flags |= VESSEL_KVM_IOEVENTFD_FLAG_DEASSIGN }
        if let datamatch {
            flags |= VESSEL_KVM_IOEVENTFD_FLAG_DATAMATCH
            request.datamatch = datamatch
        }
        request.flags = flags
        try KVMIoctl.pointer(self.fd, VESSEL_KVM_IOEVENTFD, &request, name: "KVM_IOEVENTFD")
    }
}
