/// A segment as KVM's `kvm_segment` wants it, and its 8-byte GDT entry form.
public struct SegmentDescriptor: Sendable, Equatable {
    public var base: UInt64
    /// Limit in bytes (already scaled by 4 KiB when `granularity` is set), as kvm_segment holds it.
    public var limit: UInt32
    public var selector: UInt16
    /// The 4-bit type field (e.g. 0xb execute/read accessed code, 0x3 read/write accessed data, 0xb busy TSS).
    public var type: UInt8
    public var present: Bool
    public var dpl: UInt8
    /// Default operation size: 32-bit segment.
    public var db: Bool
    /// Code or data segment (true), or system segment (false).
    public var s: Bool
    /// 64-bit code segment.
    public var l: Bool
    /// Granularity: limit counts 4 KiB units in the GDT entry.
    public var g: Bool
    public var avl: Bool

    public init(base: UInt64, limit: UInt32, selector: UInt16, type: UInt8, present: Bool, dpl: UInt8,
                db: Bool, s: Bool, l: Bool, g: Bool, avl: Bool) {
        self.base = base
        self.limit = limit
        self.selector = selector
        self.type = type
        self.present = present
        self.dpl = dpl
        self.db = db
        self.s = s
        self.l = l
        self.g = g
        self.avl = avl
    }

    /// Decodes a GDT entry; `selector` is the entry's byte offset in the GDT.
    public init(gdtEntry entry: UInt64, selector: UInt16) {
        let rawLimit = UInt32(truncatingIfNeeded: (entry & 0xffff) | ((entry >> 32) & 0xf_0000))
        let granularity = (entry >> 55) & 1 == 1
        self.base = ((entry >> 16) & 0xff_ffff) | (((entry >> 56) & 0xff) << 24)
        self.limit = granularity ? (rawLimit << 12) | 0xfff : rawLimit
        self.selector = selector
        self.type = UInt8((entry >> 40) & 0xf)
        self.s = (entry >> 44) & 1 == 1
        self.dpl = UInt8((entry >> 45) & 0x3)
        self.present = (entry >> 47) & 1 == 1
        self.avl = (entry >> 52) & 1 == 1
        self.l = (entry >> 53) & 1 == 1
        self.db = (entry >> 54) & 1 == 1
        self.g = granularity
    }

    /// The 8-byte GDT entry. Only the low 32 bits of `base` fit, as for any legacy descriptor.
    public var gdtEntry: UInt64 {
        let rawLimit = UInt64(g ? limit >> 12 : limit) & 0xf_ffff
        let access = UInt64(type & 0xf) | (s ? 1 << 4 : 0) | UInt64(dpl & 0x3) << 5 | (present ? 1 << 7 : 0)
        let flags = (avl ? 1 : 0) | (l ? 1 << 1 : 0) | (db ? 1 << 2 : 0) | (g ? 1 << 3 : 0) as UInt64
        return (rawLimit & 0xffff)
            | (base & 0xff_ffff) << 16
            | access << 40
            | (rawLimit >> 16) << 48
            | flags << 52
            | ((base >> 24) & 0xff) << 56
    }

    /// Flat 4 GiB segments used at boot.
    public static func flatCode64(selector: UInt16) -> SegmentDescriptor {
        SegmentDescriptor(base: 0, limit: 0xffff_ffff, selector: selector, type: 0xb, present: true, dpl: 0,
                          db: false, s: true, l: true, g: true, avl: false)
    }

    public static func flatCode32(selector: UInt16) -> SegmentDescriptor {
        SegmentDescriptor(base: 0, limit: 0xffff_ffff, selector: selector, type: 0xb, present: true, dpl: 0,
                          db: true, s: true, l: false, g: true, avl: false)
    }

    public static func flatData(selector: UInt16) -> SegmentDescriptor {
        SegmentDescriptor(base: 0, limit: 0xffff_ffff, selector: selector, type: 0x3, present: true, dpl: 0,
                          db: true, s: true, l: false, g: true, avl: false)
    }

    /// A busy 32-bit TSS; KVM needs a usable TR even though the guest never switches tasks through it.
    public static func bootTaskState(selector: UInt16) -> SegmentDescriptor {
        SegmentDescriptor(base: 0, limit: 0x67, selector: selector, type: 0xb, present: true, dpl: 0,
                          db: false, s: false, l: false, g: false, avl: false)
    }
}
