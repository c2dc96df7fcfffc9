/// Sorted, non-overlapping address ranges with binary-search lookup; shared by `IOBus` and `MMIOBus`.
/// Immutable once built, so lookups need no lock.
struct BusRangeTable<Device: Sendable>: Sendable {
    struct Entry: Sendable {
        let base: UInt64
        /// Inclusive, so a range may end at the very top of the 64-bit space.
        let last: UInt64
        let device: Device

        var length: UInt64 { last &- base &+ 1 }
    }

    let kind: BusKind
    private(set) var entries: [Entry] = []

    init(kind: BusKind) {
        self.kind = kind
    }

    /// `limit` is the highest valid address of the space.
    mutating func insert(_ device: Device, base: UInt64, length: UInt64, limit: UInt64) throws(DeviceError) {
        guard length > 0 else { throw .emptyRange(bus: kind, base: base) }
        guard base <= limit, length - 1 <= limit - base else {
            throw .rangeOutOfBounds(bus: kind, base: base, length: length)
        }
        let last = base + (length - 1)
        let index = firstIndex(withBaseAbove: base)
        // Only the neighbours can overlap in a sorted, disjoint list.
        if index > 0, entries[index - 1].last >= base {
            let existing = entries[index - 1]
            throw .overlappingRange(bus: kind, base: base, length: length,
                                    existingBase: existing.base, existingLength: existing.length)
        }
        if index < entries.count, entries[index].base <= last {
            let existing = entries[index]
            throw .overlappingRange(bus: kind, base: base, length: length,
                                    existingBase: existing.base, existingLength: existing.length)
        }
        entries.insert(Entry(base: base, last: last, device: device), at: index)
    }

    /// The device wholly covering [address, address+count) and the offset of `address` in it.
    /// Accesses that straddle a range's end, or are empty, find nothing.
    func lookup(_ address: UInt64, count: Int) -> (device: Device, offset: UInt64)? {
        guard count > 0 else { return nil }
        let index = firstIndex(withBaseAbove: address)
        guard index > 0 else { return nil }
        let entry = entries[index - 1]
        guard address <= entry.last, UInt64(count - 1) <= entry.last - address else { return nil }
        return (entry.device, address - entry.base)
    }

    /// Index of the first entry whose base is greater than `address`.
    private func firstIndex(withBaseAbove address: UInt64) -> Int {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = low + (high - low) / 2
            if entries[middle].base <= address {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }
}
