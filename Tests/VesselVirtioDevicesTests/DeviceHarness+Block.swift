import VesselMemory
import VesselVirtio
import VesselVirtioTesting

/// Submits virtio-blk requests the way Linux lays them out: a 16-byte header, data buffers, a status byte.
extension DeviceHarness {
    static let blockHeader: UInt64 = 0x20000
    static let blockStatus: UInt64 = 0x30000
    static let blockSegments: UInt64 = 0x38000
    static let blockData: UInt64 = 0x40000

    struct BlockAnswer {
        let status: UInt8
        let usedLength: UInt32
    }

    /// Sends one request with data at `blockData` split into `dataSegments` descriptors (readable for writes,
    /// writable otherwise) and waits for its answer.
    func blockRequest(type: UInt32, sector: UInt64, dataLength: UInt32 = 0, dataSegments: Int = 1,
                      dataWritable: Bool = true, headerLength: UInt32 = 16, extraReadable: [UInt8] = []) throws -> BlockAnswer {
        let queue = queues[0]
        try memory.writeInteger(type, at: GuestAddress(Self.blockHeader))
        try memory.writeInteger(UInt32(0), at: GuestAddress(Self.blockHeader + 4))
        try memory.writeInteger(sector, at: GuestAddress(Self.blockHeader + 8))
        try memory.writeInteger(UInt8(0xAA), at: GuestAddress(Self.blockStatus))
        var chain: [(address: UInt64, length: UInt32, writable: Bool)] = [(Self.blockHeader, headerLength, false)]
        if !extraReadable.isEmpty {
            try memory.write(extraReadable, at: GuestAddress(Self.blockSegments))
            chain.append((Self.blockSegments, UInt32(extraReadable.count), false))
        }
        if dataLength > 0 {
            let piece = dataLength / UInt32(dataSegments)
            for index in 0..<dataSegments {
                let length = index == dataSegments - 1 ? dataLength - piece * UInt32(index) : piece
                chain.append((Self.blockData + UInt64(piece) * UInt64(index), length, dataWritable))
            }
        }
        chain.append((Self.blockStatus, 1, true))
        let head = try queue.addChain(chain)
        driver.notify(queue: 0)
        let used = try waitForUsed(queue, count: 1)
        guard used[0].id == UInt32(head) else { throw VirtioError.badRequest("used id \(used[0].id), sent \(head)") }
        return BlockAnswer(status: try memory.readInteger(at: GuestAddress(Self.blockStatus)), usedLength: used[0].length)
    }

    /// One 16-byte discard / write-zeroes segment.
    static func blockSegment(sector: UInt64, sectors: UInt32, flags: UInt32) -> [UInt8] {
        withUnsafeBytes(of: sector.littleEndian) { Array($0) } + withUnsafeBytes(of: sectors.littleEndian) { Array($0) }
            + withUnsafeBytes(of: flags.littleEndian) { Array($0) }
    }
}
