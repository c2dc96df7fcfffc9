import VesselMemory
import VesselVirtio

extension BlockDevice {
    /// Executes one request and writes its status into the last device-writable byte. Returns the bytes
    /// written for the used ring. Throws only when the chain has no status byte (the device breaks);
    /// every other malformed request, and every host failure, is a status to the guest.
    func complete(_ chain: DescriptorChain, activation: VirtioActivation) throws -> UInt32 {
        guard chain.writableLength >= 1 else {
            throw VirtioError.badRequest("virtio-blk request \(chain.headIndex) has no writable status byte")
        }
        let statusOffset = chain.writableLength - 1
        let (status, dataWritten) = execute(chain, activation: activation, dataLength: statusOffset)
        try chain.writeWritable(to: activation.memory, offset: statusOffset, bytes: [status.rawValue])
        return UInt32(dataWritten + 1)
    }

    /// Returns the status and how many data bytes went to the guest.
    private func execute(_ chain: DescriptorChain, activation: VirtioActivation,
                         dataLength: Int) -> (VirtioBlockProtocol.Status, Int) {
        let memory = activation.memory
        guard let header = try? chain.readReadable(from: memory, count: VirtioBlockProtocol.headerSize),
              header.count == VirtioBlockProtocol.headerSize else {
            return (.ioError, 0)
        }
        let rawType = Self.integer(header, at: 0, as: UInt32.self)
        let sector = Self.integer(header, at: 8, as: UInt64.self)
        guard let type = VirtioBlockProtocol.RequestType(rawValue: rawType) else { return (.unsupported, 0) }
        do {
            switch type {
            case .read:
                guard let offset = byteOffset(sector: sector, length: dataLength) else { return (.ioError, 0) }
                let segments = try Self.segments(of: chain.writable, in: chain, memory: memory, offset: 0,
                                                 length: dataLength)
                try image.read(into: segments, at: offset)
                return (.ok, dataLength)
            case .write:
                let length = chain.readableLength - VirtioBlockProtocol.headerSize
                guard !image.isReadOnly, let offset = byteOffset(sector: sector, length: length) else {
                    return (.ioError, 0)
                }
                let segments = try Self.segments(of: chain.readable, in: chain, memory: memory,
                                                 offset: VirtioBlockProtocol.headerSize, length: length)
                try image.write(from: segments, at: offset)
                return (.ok, 0)
            case .flush:
                if !image.isReadOnly { try image.flush() }
                return (.ok, 0)
            case .getIdentifier:
                let count = min(dataLength, serial.count)
                try chain.writeWritable(to: memory, bytes: Array(serial.prefix(count)))
                return (.ok, count)
            case .discard, .writeZeroes:
                let feature = type == .discard ? VirtioBlockProtocol.Feature.discard
                    : VirtioBlockProtocol.Feature.writeZeroes
                guard activation.hasFeature(feature) else { return (.unsupported, 0) }
                return (try eraseSegments(chain, memory: memory, zeroing: type == .writeZeroes), 0)
            }
        } catch {
            logger.warning("virtio-blk \(image.path): \(type) at sector \(sector): \(error)")
            return (.ioError, 0)
        }
    }

    /// DISCARD / WRITE_ZEROES: a list of 16-byte segments after the header.
    private func eraseSegments(_ chain: DescriptorChain, memory: GuestMemory,
                               zeroing: Bool) throws -> VirtioBlockProtocol.Status {
        let length = chain.readableLength - VirtioBlockProtocol.headerSize
        let count = length / VirtioBlockProtocol.segmentSize
        guard length % VirtioBlockProtocol.segmentSize == 0, count >= 1,
              count <= Int(BlockConfiguration.maximumDiscardSegments) else {
            return .ioError
        }
        let bytes = try chain.readReadable(from: memory, offset: VirtioBlockProtocol.headerSize, count: length)
        guard bytes.count == length else { return .ioError }
        var ranges: [(offset: UInt64, length: UInt64, unmap: Bool)] = []
        for index in 0..<count {
            let base = index * VirtioBlockProtocol.segmentSize
            let sector = Self.integer(bytes, at: base, as: UInt64.self)
            let sectors = Self.integer(bytes, at: base + 8, as: UInt32.self)
            let flags = Self.integer(bytes, at: base + 12, as: UInt32.self)
            // Discard has no flags; write-zeroes knows only UNMAP.
            let allowed = zeroing ? VirtioBlockProtocol.writeZeroesUnmap : 0
            guard flags & ~allowed == 0 else { return .unsupported }
            let byteLength = Int(sectors) * VirtioBlockProtocol.sectorSize
            guard sectors <= BlockConfiguration.maximumDiscardSectors,
                  let offset = byteOffset(sector: sector, length: byteLength) else { return .ioError }
            ranges.append((offset, UInt64(byteLength), flags & VirtioBlockProtocol.writeZeroesUnmap != 0))
        }
        for range in ranges {
            if zeroing {
                try image.writeZeroes(offset: range.offset, length: range.length, mayUnmap: range.unmap)
            } else {
                try image.discard(offset: range.offset, length: range.length)
            }
        }
        return .ok
    }

    /// The byte offset of `sector` if [sector, sector + length) is whole sectors inside the disk.
    func byteOffset(sector: UInt64, length: Int) -> UInt64? {
        let sectorSize = UInt64(VirtioBlockProtocol.sectorSize)
        guard length >= 0, UInt64(length) % sectorSize == 0 else { return nil }
        let capacity = image.capacitySectors
        guard sector <= capacity, UInt64(length) / sectorSize <= capacity - sector else { return nil }
        return sector * sectorSize
    }

    /// Host pointers to `length` bytes of `buffers` from `offset` on. Guest memory stays mapped for the
    /// machine's lifetime, and every piece was bounds-checked by `forEachSegment`.
    static func segments(of buffers: [GuestBuffer], in chain: DescriptorChain, memory: GuestMemory,
                         offset: Int, length: Int) throws -> [UnsafeMutableRawBufferPointer] {
        var segments: [UnsafeMutableRawBufferPointer] = []
        try chain.forEachSegment(of: buffers, memory: memory, offset: offset, limit: length) { segments.append($0) }
        return segments
    }

    static func integer<T: FixedWidthInteger>(_ bytes: [UInt8], at offset: Int, as type: T.Type) -> T {
        var value: T = 0
        for index in 0..<MemoryLayout<T>.size {
            value |= T(bytes[offset + index]) << (8 * index)
        }
        return value
    }
}
