import CVesselKVM
import Testing
import VesselKVM

/// Pure tests of the per-vCPU CPUID derivation on hand-written host lists (no KVM needed).
@Suite struct CPUIDTemplateTests {
    static func entry(_ function: UInt32, index: UInt32 = 0, eax: UInt32 = 0, ebx: UInt32 = 0,
                      ecx: UInt32 = 0, edx: UInt32 = 0) -> kvm_cpuid_entry2 {
        var entry = kvm_cpuid_entry2()
        entry.function = function
        entry.index = index
        entry.eax = eax; entry.ebx = ebx; entry.ecx = ecx; entry.edx = edx
        return entry
    }

    static let intelHost: [kvm_cpuid_entry2] = [
        entry(0, eax: 0x1F, ebx: 0x756e_6547, ecx: 0x6c65_746e, edx: 0x4965_6e69),
        entry(1, eax: 0x606A6, ebx: 0x0F80_0800 | 0x5A, ecx: 0x7FFA_3223, edx: 0xBFEB_FBFF),
        entry(4, index: 0, eax: 0xFC00_4121),  // L1d: type 1, level 1
        entry(4, index: 1, eax: 0xFC00_4122),  // L1i
        entry(4, index: 2, eax: 0xFC00_4143),  // L2: level 2
        entry(4, index: 3, eax: 0xFC03_C163),  // L3: level 3
        entry(4, index: 4, eax: 0),  // end of caches
        entry(6, eax: 0x77, ecx: 0x9),
        entry(0xA, eax: 0x0704_3002, ebx: 0xFF, edx: 0x603),
        entry(0xB, index: 0, eax: 1, ebx: 2, ecx: 0x100, edx: 0x3A),
        entry(0xB, index: 1, eax: 7, ebx: 64, ecx: 0x201, edx: 0x3A),
        entry(0x1F, index: 0, eax: 1, ebx: 2, ecx: 0x100, edx: 0x3A),
        entry(0x4000_0000, eax: 0x4000_0001, ebx: 0x4B4D_564B, ecx: 0x564B_4D56, edx: 0x4D),
        entry(0x4000_0001, eax: 0x0100_7AFB),
        entry(0x8000_0008, eax: 0x3030, ecx: 0x3F),
    ]

    static let amdHost: [kvm_cpuid_entry2] = [
        entry(0, eax: 0x10, ebx: 0x6874_7541, ecx: 0x444d_4163, edx: 0x6974_6e65),
        entry(1, eax: 0xA00F11, ebx: 0x2080_0800, ecx: 0x7ED8_320B, edx: 0x178B_FBFF),
        entry(0x8000_0008, eax: 0x3030, ecx: 0x703F),
        entry(0x8000_001E, eax: 0x22, ebx: 0x0111, ecx: 0x0301),
    ]

    static func leaf(_ entries: [kvm_cpuid_entry2], _ function: UInt32, index: UInt32 = 0) throws -> kvm_cpuid_entry2 {
        try #require(entries.first { $0.function == function && $0.index == index })
    }

    @Test(arguments: [1, 2, 3, 4, 8, 32])
    func apicIDsDifferPerVCPUAndCountsAreConsistent(vcpuCount: Int) throws {
        let template = try CPUIDTemplate(vcpuCount: vcpuCount)
        var seenAPICIDs: Set<UInt32> = []
        for index in 0..<vcpuCount {
            let entries = try template.entries(forVCPU: index, supported: Self.intelHost)
            let leaf1 = try Self.leaf(entries, 1)
            let apicID = leaf1.ebx >> 24
            #expect(apicID == UInt32(index))
            seenAPICIDs.insert(apicID)
            #expect((leaf1.ebx >> 16) & 0xFF == UInt32(vcpuCount))
            #expect((leaf1.ebx >> 8) & 0xFF == 8, "CLFLUSH line is 64 bytes")
            #expect(leaf1.ebx & 0xFF == 0x5A, "brand index is kept")
            #expect(leaf1.ecx & (1 << 31) != 0, "hypervisor bit")
            #expect((leaf1.edx & (1 << 28) != 0) == (vcpuCount > 1), "HTT only with several logical CPUs")

            for topologyLeaf: UInt32 in [0xB, 0x1F] {
                let smt = try Self.leaf(entries, topologyLeaf, index: 0)
                let core = try Self.leaf(entries, topologyLeaf, index: 1)
                let end = try Self.leaf(entries, topologyLeaf, index: 2)
                #expect(smt.edx == apicID && core.edx == apicID && end.edx == apicID)
                #expect(smt.ebx == 1 && (smt.ecx >> 8) & 0xFF == 1 && smt.eax == 0)
                #expect(core.ebx == UInt32(vcpuCount) && (core.ecx >> 8) & 0xFF == 2 && core.ecx & 0xFF == 1)
                #expect(1 << core.eax >= vcpuCount && (core.eax == 0 || 1 << (core.eax - 1) < vcpuCount),
                        "core shift is the smallest width that numbers every APIC ID")
                #expect(end.ebx == 0 && (end.ecx >> 8) & 0xFF == 0)
                #expect(entries.filter { $0.function == topologyLeaf }.count == 3)
            }

            for cacheIndex: UInt32 in 0...3 {
                let cache = try Self.leaf(entries, 4, index: cacheIndex)
                #expect(cache.eax >> 26 == UInt32(vcpuCount - 1), "cores per package - 1")
                let level = (cache.eax >> 5) & 0x7
                let sharing = (cache.eax >> 14) & 0xFFF
                #expect(sharing == (level == 3 ? UInt32(vcpuCount - 1) : 0))
                #expect(try cache.eax & 0x3FFF == Self.leaf(Self.intelHost, 4, index: cacheIndex).eax & 0x3FFF)
            }
            #expect(try Self.leaf(entries, 4, index: 4).eax == 0, "the terminating cache entry stays empty")
        }
        #expect(seenAPICIDs.count == vcpuCount)
    }

    @Test func powerManagementAndPMUAreHidden() throws {
        let entries = try CPUIDTemplate(vcpuCount: 2).entries(forVCPU: 1, supported: Self.intelHost)
        let leaf6 = try Self.leaf(entries, 6)
        #expect(leaf6.eax & (1 << 1) == 0 && leaf6.eax & 0x75 == 0x75)
        #expect(leaf6.ecx & (1 << 3) == 0 && leaf6.ecx & 1 == 1)
        let leafA = try Self.leaf(entries, 0xA)
        #expect(leafA.eax == 0 && leafA.ebx == 0 && leafA.ecx == 0 && leafA.edx == 0)
    }

    @Test func kvmLeavesAndUnrelatedLeavesArePreserved() throws {
        let entries = try CPUIDTemplate(vcpuCount: 4).entries(forVCPU: 3, supported: Self.intelHost)
        for function: UInt32 in [0, 0x4000_0000, 0x4000_0001, 0x8000_0008] {
            let before = try Self.leaf(Self.intelHost, function)
            let after = try Self.leaf(entries, function)
            #expect(before.eax == after.eax && before.ebx == after.ebx && before.ecx == after.ecx && before.edx == after.edx,
                    "leaf 0x\(String(function, radix: 16)) must be unchanged on Intel")
        }
    }

    @Test func amdCoreCountAndExtendedAPICID() throws {
        #expect(CPUIDTemplate.vendor(of: Self.amdHost) == .amd)
        #expect(CPUIDTemplate.vendor(of: Self.intelHost) == .intel)
        let template = try CPUIDTemplate(vcpuCount: 6)
        for index in 0..<6 {
            let entries = try template.entries(forVCPU: index, supported: Self.amdHost)
            let sizes = try Self.leaf(entries, 0x8000_0008)
            #expect(sizes.ecx & 0xFF == 5, "NC is cores - 1")
            #expect((sizes.ecx >> 12) & 0xF == 3, "3 bits number 6 cores")
            #expect(sizes.eax == 0x3030)
            let extended = try Self.leaf(entries, 0x8000_001E)
            #expect(extended.eax == UInt32(index))
            #expect(extended.ebx & 0xFF == UInt32(index) && (extended.ebx >> 8) & 0xFF == 0)
            #expect(extended.ecx & 0x7FF == 0)
            #expect(try Self.leaf(entries, 1).ebx >> 24 == UInt32(index))
            #expect(!entries.contains { $0.function == 0xB }, "no topology leaf is invented when the host has none")
        }
    }

    @Test func invalidTopologiesAreRejected() throws {
        #expect(throws: KVMError.invalidTopology(index: 0, count: 0)) { try CPUIDTemplate(vcpuCount: 0) }
        #expect(throws: KVMError.self) { try CPUIDTemplate(vcpuCount: 255) }
        let template = try CPUIDTemplate(vcpuCount: 2)
        #expect(throws: KVMError.invalidTopology(index: 2, count: 2)) {
            try template.entries(forVCPU: 2, supported: Self.intelHost)
        }
        #expect(!KVMError.invalidTopology(index: 2, count: 2).description.contains("\n"))
    }
}
