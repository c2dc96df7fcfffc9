import VesselMemory
import VesselVirtio

extension VirtioFuzzHarness {
    /// What every chain the parser returns must satisfy, however hostile the guest.
    func check(_ chain: DescriptorChain, from queue: VirtQueue) throws {
        guard chain.headIndex < queue.size else {
            throw VirtioFuzzFailure("chain head \(chain.headIndex) is outside a queue of \(queue.size)")
        }
        let buffers = chain.readable + chain.writable
        guard !buffers.isEmpty, buffers.count <= Int(queue.size) + Self.maximumIndirectEntries else {
            throw VirtioFuzzFailure("chain from head \(chain.headIndex) has \(buffers.count) buffers in a queue of \(queue.size)")
        }
        var total: UInt64 = 0
        for buffer in buffers {
            guard memory.contains(buffer.address, length: UInt64(buffer.length)) else {
                throw VirtioFuzzFailure("chain buffer \(buffer.address)+\(buffer.length) lies outside guest memory")
            }
            total += UInt64(buffer.length)
        }
        guard total <= UInt64(UInt32.max) else {
            throw VirtioFuzzFailure("chain from head \(chain.headIndex) totals \(total) bytes, more than UInt32 holds")
        }
    }

    /// Reads and writes through the chain's copy helpers and compares with a plain walk of its buffers.
    func exerciseCopies(_ chain: DescriptorChain, _ input: inout FuzzInput) throws {
        let offset = Int(input.integer(UInt16.self) % 512)
        let count = Int(input.integer(UInt16.self) % 1024)
        let read = try chain.readReadable(from: memory, offset: offset, count: count)
        let expected = try plainRead(chain.readable, offset: offset, count: count)
        guard read == expected else {
            throw VirtioFuzzFailure("readReadable(offset: \(offset), count: \(count)) returned \(read.count) bytes unlike the buffers' \(expected.count)")
        }
        let pattern = [UInt8](repeating: input.byte(), count: Int(input.byte()) * 8)
        let written = try chain.writeWritable(to: memory, offset: offset, bytes: pattern)
        let fits = max(0, min(pattern.count, chain.writableLength - offset))
        guard written == fits else {
            throw VirtioFuzzFailure("writeWritable(offset: \(offset)) of \(pattern.count) bytes wrote \(written), expected \(fits)")
        }
    }

    private func plainRead(_ buffers: [GuestBuffer], offset: Int, count: Int) throws -> [UInt8] {
        var skip = offset
        var bytes: [UInt8] = []
        for buffer in buffers where bytes.count < count {
            let length = Int(buffer.length)
            if skip >= length {
                skip -= length
                continue
            }
            let take = min(length - skip, count - bytes.count)
            bytes += try memory.read(at: GuestAddress(buffer.address.rawValue + UInt64(skip)), count: take)
            skip = 0
        }
        return bytes
    }

    /// After addUsed, the used element and index must be where the driver looks for them.
    func checkPublished(_ queue: FuzzQueue, head: UInt16, length: UInt32, usedBefore: UInt16) throws {
        guard queue.queue.nextUsed == usedBefore &+ 1 else {
            throw VirtioFuzzFailure("addUsed moved the used index from \(usedBefore) to \(queue.queue.nextUsed)")
        }
        // Only the direct queue's layout is known exactly; hostile register writes can move an activated one.
        guard !queue.isActivated else { return }
        let ring = queue.layout.usedRing
        let element = ring + 4 + 8 * UInt64(usedBefore % queue.queue.size)
        let index: UInt16 = try memory.readInteger(at: GuestAddress(ring + 2))
        let identifier: UInt32 = try memory.readInteger(at: GuestAddress(element))
        let written: UInt32 = try memory.readInteger(at: GuestAddress(element + 4))
        guard index == queue.queue.nextUsed, identifier == UInt32(head), written == length else {
            throw VirtioFuzzFailure("used ring holds (\(identifier), \(written)) at index \(index), not (\(head), \(length)) at \(queue.queue.nextUsed)")
        }
    }

    /// A configuration VirtQueue accepted: a power-of-two size and aligned areas inside guest memory.
    func checkAccepted(_ configuration: VirtQueueConfiguration, features: UInt64) throws {
        let size = UInt64(configuration.size)
        let eventBytes: UInt64 = features & VirtioFeatures.ringEventIndex != 0 ? 2 : 0
        let areas: [(address: UInt64, length: UInt64, alignment: UInt64)] = [
            (configuration.descriptorTable, 16 * size, 16),
            (configuration.availableRing, 4 + 2 * size + eventBytes, 2),
            (configuration.usedRing, 4 + 8 * size + eventBytes, 4),
        ]
        let areasFit = areas.allSatisfy {
            $0.address % $0.alignment == 0 && memory.contains(GuestAddress($0.address), length: $0.length)
        }
        guard size > 0, size <= configuration.maximumSize, size & (size - 1) == 0, areasFit else {
            throw VirtioFuzzFailure("VirtQueue accepted size \(size) at 0x\(String(configuration.descriptorTable, radix: 16))")
        }
    }
}
