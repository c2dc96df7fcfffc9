/// Where the driver side believes a queue lives: the harness writes descriptors and ring entries
/// through this view, which may disagree with the device after hostile register writes (on purpose).
struct QueueLayout {
    var size: UInt16
    var descriptorTable: UInt64 = 0
    var availableRing: UInt64 = 0
    var usedRing: UInt64 = 0
    /// The driver's own available index, bumped by each publish.
    var availableIndex: UInt16 = 0

    /// Lays the three areas out back to back from `base`, aligned as Virtio 1.2, 2.7 requires.
    static func packed(size: UInt16, base: UInt64) -> QueueLayout {
        var layout = QueueLayout(size: size)
        layout.descriptorTable = base & ~15
        layout.availableRing = layout.descriptorTable &+ 16 &* UInt64(size)
        layout.usedRing = (layout.availableRing &+ 6 &+ 2 &* UInt64(size) &+ 3) & ~3
        return layout
    }
}
