import VesselMemory

extension DescriptorChain {
    /// Copies up to `destination.count` device-readable bytes starting `offset` bytes into the chain;
    /// returns how many were copied.
    public func copyReadable(from memory: GuestMemory, offset: Int = 0,
                             into destination: UnsafeMutableRawBufferPointer) throws -> Int {
        var copied = 0
        try forEachSegment(of: readable, memory: memory, offset: offset, limit: destination.count) { guest in
            UnsafeMutableRawBufferPointer(rebasing: destination[copied..<(copied + guest.count)])
                .copyMemory(from: UnsafeRawBufferPointer(guest))
            copied += guest.count
        }
        return copied
    }

    /// Reads device-readable bytes [offset, offset+count) into an array; fewer if the chain is shorter.
    public func readReadable(from memory: GuestMemory, offset: Int = 0, count: Int) throws -> [UInt8] {
        let available = max(0, min(count, readableLength - offset))
        var bytes = [UInt8](repeating: 0, count: available)
        let copied = try bytes.withUnsafeMutableBytes { try copyReadable(from: memory, offset: offset, into: $0) }
        return Array(bytes.prefix(copied))
    }

    /// Copies `source` into the device-writable buffers starting `offset` bytes in; returns how many
    /// bytes fitted.
    @discardableResult
    public func copyWritable(to memory: GuestMemory, offset: Int = 0, from source: UnsafeRawBufferPointer) throws -> Int {
        var copied = 0
        try forEachSegment(of: writable, memory: memory, offset: offset, limit: source.count) { guest in
            guest.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[copied..<(copied + guest.count)]))
            copied += guest.count
        }
        return copied
    }

    @discardableResult
    public func writeWritable(to memory: GuestMemory, offset: Int = 0, bytes: [UInt8]) throws -> Int {
        try bytes.withUnsafeBytes { try copyWritable(to: memory, offset: offset, from: $0) }
    }

    /// Visits the host bytes of `buffers` from byte `offset` on, at most `limit` bytes in all.
    /// Buffers were validated at parse time; withBytes checks again, so a stale chain cannot escape.
    public func forEachSegment(
        of buffers: [GuestBuffer], memory: GuestMemory, offset: Int, limit: Int,
        _ body: (UnsafeMutableRawBufferPointer) throws -> Void
    ) throws {
        var skip = max(0, offset)
        var remaining = max(0, limit)
        for buffer in buffers where remaining > 0 {
            let length = Int(buffer.length)
            if skip >= length {
                skip -= length
                continue
            }
            let count = min(length - skip, remaining)
            try memory.withBytes(at: GuestAddress(buffer.address.rawValue + UInt64(skip)), count: count, body)
            remaining -= count
            skip = 0
        }
    }
}
