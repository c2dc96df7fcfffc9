import CVesselKVM

extension VCPU {
    /// KVM_SET_MSRS. KVM stops at the first MSR it refuses and returns how many it set; that is an error here.
    public func setMSRs(_ entries: [(index: UInt32, value: UInt64)]) throws {
        guard !entries.isEmpty else { return }
        let written = try withMSRList(entries.map { ($0.index, $0.value) }) { list in
            try KVMIoctl.pointer(fd, VESSEL_KVM_SET_MSRS, list, name: "KVM_SET_MSRS")
        }.result
        guard Int(written) == entries.count else {
            let rejected = Int(written) < entries.count ? entries[Int(written)].index : 0
            throw KVMError.msrsRejected(set: Int(written), requested: entries.count, rejected: rejected)
        }
    }

    /// KVM_GET_MSRS for the given indices, in the same order.
    public func msrs(_ indices: [UInt32]) throws -> [UInt64] {
        guard !indices.isEmpty else { return [] }
        let (read, values) = try withMSRList(indices.map { ($0, 0) }) { list in
            try KVMIoctl.pointer(fd, VESSEL_KVM_GET_MSRS, list, name: "KVM_GET_MSRS")
        }
        guard Int(read) == indices.count else {
            let rejected = Int(read) < indices.count ? indices[Int(read)] : 0
            throw KVMError.msrsRejected(set: Int(read), requested: indices.count, rejected: rejected)
        }
        return values
    }

    /// Writes `ModelSpecificRegister.bootValues`.
    public func setBootMSRs() throws {
        try setMSRs(ModelSpecificRegister.bootValues)
    }

    /// Lays out `struct kvm_msrs` (count, padding, then kvm_msr_entry[]) and returns the ioctl result
    /// with the entries' data fields as the kernel left them.
    private func withMSRList(_ entries: [(UInt32, UInt64)],
                             _ call: (UnsafeMutableRawPointer) throws -> Int32) throws -> (result: Int32, values: [UInt64]) {
        let headerSize = MemoryLayout<kvm_msrs>.size
        let entrySize = MemoryLayout<kvm_msr_entry>.stride
        let byteCount = headerSize + entries.count * entrySize
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: byteCount, alignment: MemoryLayout<kvm_msr_entry>.alignment)
        defer { buffer.deallocate() }
        buffer.initializeMemory(as: UInt8.self, repeating: 0, count: byteCount)
        buffer.storeBytes(of: UInt32(entries.count), as: UInt32.self)
        for (position, (index, value)) in entries.enumerated() {
            var entry = kvm_msr_entry()
            entry.index = index
            entry.data = value
            buffer.storeBytes(of: entry, toByteOffset: headerSize + position * entrySize, as: kvm_msr_entry.self)
        }
        let result = try call(buffer)
        let values = (0..<entries.count).map { position in
            buffer.load(fromByteOffset: headerSize + position * entrySize, as: kvm_msr_entry.self).data
        }
        return (result, values)
    }
}
