import Testing
@testable import VesselBoot

@Suite struct SegmentDescriptorTests {
    @Test func knownEntries() {
        #expect(SegmentDescriptor.flatCode64(selector: 0x10).gdtEntry == 0x00af_9b00_0000_ffff)
        #expect(SegmentDescriptor.flatCode32(selector: 0x10).gdtEntry == 0x00cf_9b00_0000_ffff)
        #expect(SegmentDescriptor.flatData(selector: 0x18).gdtEntry == 0x00cf_9300_0000_ffff)
        #expect(SegmentDescriptor.bootTaskState(selector: 0x20).gdtEntry == 0x0000_8b00_0000_0067)
    }

    @Test func roundTripsArbitraryDescriptors() {
        let descriptor = SegmentDescriptor(base: 0x1234_5678, limit: 0xabcde, selector: 0x28, type: 0x5, present: true,
                                           dpl: 3, db: true, s: true, l: false, g: false, avl: true)
        #expect(SegmentDescriptor(gdtEntry: descriptor.gdtEntry, selector: 0x28) == descriptor)
        let decoded = SegmentDescriptor(gdtEntry: 0x00cf_9300_0000_ffff, selector: 0x18)
        #expect(decoded.limit == 0xffff_ffff)
        #expect(decoded.g && decoded.db && decoded.s && decoded.present)
        #expect(decoded.type == 3 && decoded.dpl == 0 && decoded.base == 0)
    }
}
