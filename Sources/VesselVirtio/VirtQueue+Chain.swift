import VesselMemory

extension VirtQueue {
    /// Walks the chain starting at `head`, following NEXT links and at most one indirect table.
    /// Rejects loops (more descriptors than the table holds), out-of-range indexes and addresses,
    /// lengths that overflow, nested indirect tables, and readable buffers after writable ones.
    func parseChain(head: UInt16) throws -> DescriptorChain {
        guard head < size else { throw fail("head index \(head) is outside a queue of \(size)") }
        var readable: [GuestBuffer] = []
        var writable: [GuestBuffer] = []
        var total: UInt64 = 0

        func append(_ descriptor: VirtqDescriptor) throws {
            let end = descriptor.address.addingReportingOverflow(UInt64(descriptor.length))
            guard !end.overflow else { throw fail("buffer at 0x\(String(descriptor.address, radix: 16)) wraps the address space") }
            guard memory.contains(GuestAddress(descriptor.address), length: UInt64(descriptor.length)) else {
                throw fail("buffer 0x\(String(descriptor.address, radix: 16))+\(descriptor.length) is outside guest memory")
            }
            total += UInt64(descriptor.length)
            guard total <= UInt64(UInt32.max) else { throw fail("chain is longer than 4 GiB") }
            let buffer = GuestBuffer(address: GuestAddress(descriptor.address), length: descriptor.length)
            if descriptor.isDeviceWritable {
                writable.append(buffer)
            } else {
                guard writable.isEmpty else { throw fail("device-readable buffer follows a device-writable one") }
                readable.append(buffer)
            }
        }

        var index = head
        var visited = 0
        while true {
            visited += 1
            guard visited <= Int(size) else { throw fail("chain from head \(head) loops or exceeds \(size) descriptors") }
            let descriptor = try VirtqDescriptor.read(from: memory, table: descriptorTable, index: index)
            if descriptor.isIndirect {
                guard indirectDescriptors else { throw fail("indirect descriptor without VIRTIO_F_INDIRECT_DESC") }
                guard !descriptor.hasNext else { throw fail("indirect descriptor also has NEXT set") }
                try walkIndirect(descriptor, head: head, append: append)
                break
            }
            try append(descriptor)
            guard descriptor.hasNext else { break }
            guard descriptor.next < size else {
                throw fail("descriptor \(index) links to \(descriptor.next), outside a queue of \(size)")
            }
            index = descriptor.next
        }
        return DescriptorChain(headIndex: head, readable: readable, writable: writable)
    }

    private func walkIndirect(_ table: VirtqDescriptor, head: UInt16, append: (VirtqDescriptor) throws -> Void) throws {
        let length = UInt64(table.length)
        guard length > 0, length % VirtqDescriptor.size == 0 else {
            throw fail("indirect table length \(table.length) is not a non-zero multiple of 16")
        }
        let count = length / VirtqDescriptor.size
        guard count <= Self.maximumIndirectEntries else { throw fail("indirect table has \(count) entries") }
        guard memory.contains(GuestAddress(table.address), length: length) else {
            throw fail("indirect table 0x\(String(table.address, radix: 16))+\(length) is outside guest memory")
        }
        var index: UInt16 = 0
        var visited: UInt64 = 0
        while true {
            visited += 1
            guard visited <= count else { throw fail("indirect chain from head \(head) loops") }
            let descriptor = try VirtqDescriptor.read(from: memory, table: GuestAddress(table.address), index: index)
            guard !descriptor.isIndirect else { throw fail("indirect table contains an indirect descriptor") }
            try append(descriptor)
            guard descriptor.hasNext else { return }
            guard UInt64(descriptor.next) < count else {
                throw fail("indirect descriptor \(index) links to \(descriptor.next), outside its table of \(count)")
            }
            index = descriptor.next
        }
    }
}
