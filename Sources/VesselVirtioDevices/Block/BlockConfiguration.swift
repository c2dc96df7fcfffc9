/// The virtio-blk configuration space (Virtio 1.2, 5.2.4), little-endian, as the driver reads it.
struct BlockConfiguration: Sendable {
    /// The logical block size Linux adopts; 512 so any file system block size works on the image.
    static let blockSize: UInt32 = 512
    /// Discard alignment hint in sectors: a host page, the granularity of a punched hole.
    static let discardAlignmentSectors: UInt32 = 8
    /// Largest discard / write-zeroes request in sectors, and segments per request.
    static let maximumDiscardSectors: UInt32 = 1 << 22
    static let maximumDiscardSegments: UInt32 = 32

    let capacitySectors: UInt64
    let segmentMaximum: UInt32

    /// Offsets: capacity 0, seg_max 12, blk_size 20, num_queues 34, max_discard_sectors 36,
    /// max_discard_seg 40, discard_sector_alignment 44, max_write_zeroes_sectors 48,
    /// max_write_zeroes_seg 52, write_zeroes_may_unmap 56.
    var bytes: [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 60)
        func put<T: FixedWidthInteger>(_ value: T, at offset: Int) {
            withUnsafeBytes(of: value.littleEndian) { source in
                for (index, byte) in source.enumerated() { bytes[offset + index] = byte }
            }
        }
        put(capacitySectors, at: 0)
        put(segmentMaximum, at: 12)
        put(Self.blockSize, at: 20)
        put(UInt16(1), at: 34)
        put(Self.maximumDiscardSectors, at: 36)
        put(Self.maximumDiscardSegments, at: 40)
        put(Self.discardAlignmentSectors, at: 44)
        put(Self.maximumDiscardSectors, at: 48)
        put(Self.maximumDiscardSegments, at: 52)
        put(UInt8(1), at: 56)
        return bytes
    }
}
