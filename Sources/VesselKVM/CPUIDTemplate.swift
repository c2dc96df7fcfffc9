import CVesselKVM

/// Derives each vCPU's CPUID from KVM_GET_SUPPORTED_CPUID: APIC IDs, topology, hypervisor bit,
/// and no power-management or PMU features the VMM does not emulate.
///
/// The topology is one socket of `vcpuCount` cores with one thread each; vCPU i has APIC ID i.
public struct CPUIDTemplate: Sendable {
    /// xAPIC IDs are 8 bits and 0xFF is the broadcast ID.
    public static let maximumVCPUCount = 254

    public let vcpuCount: Int

    public init(vcpuCount: Int) throws {
        guard (1...CPUIDTemplate.maximumVCPUCount).contains(vcpuCount) else {
            throw KVMError.invalidTopology(index: 0, count: vcpuCount)
        }
        self.vcpuCount = vcpuCount
    }

    /// CPU vendors whose topology leaves differ.
    public enum Vendor: Sendable, Equatable {
        case intel, amd, other
    }

    /// The vendor named by leaf 0 (EBX, EDX, ECX spell the vendor string).
    public static func vendor(of entries: [kvm_cpuid_entry2]) -> Vendor {
        guard let leaf0 = entries.first(where: { $0.function == 0 }) else { return .other }
        switch (leaf0.ebx, leaf0.edx, leaf0.ecx) {
        case (0x756e_6547, 0x4965_6e69, 0x6c65_746e): return .intel  // "GenuineIntel"
        case (0x6874_7541, 0x6974_6e65, 0x444d_4163): return .amd  // "AuthenticAMD"
        case (0x6f67_7948, 0x6e65_476e, 0x656e_6975): return .amd  // "HygonGenuine"
        default: return .other
        }
    }

    /// Bits needed to number `count` items (ceil(log2(count))).
    static func bitWidth(for count: Int) -> UInt32 {
        count <= 1 ? 0 : UInt32(Int.bitWidth - (count - 1).leadingZeroBitCount)
    }

    /// The CPUID list for vCPU `index` (0-based), which is also its APIC ID.
    public func entries(forVCPU index: Int, supported: [kvm_cpuid_entry2]) throws -> [kvm_cpuid_entry2] {
        guard (0..<vcpuCount).contains(index) else {
            throw KVMError.invalidTopology(index: index, count: vcpuCount)
        }
        let apicID = UInt32(index)
        let count = UInt32(vcpuCount)
        let vendor = CPUIDTemplate.vendor(of: supported)
        var result: [kvm_cpuid_entry2] = []
        var topologyLeavesPresent: Set<UInt32> = []

        for original in supported {
            var entry = original
            switch entry.function {
            case 0x1:
                // EBX: [31:24] initial APIC ID, [23:16] logical processors per package, [15:8] CLFLUSH size in 8-byte units.
                entry.ebx = (entry.ebx & 0xFF) | (8 << 8) | (count << 16) | (apicID << 24)
                entry.ecx |= 1 << 31  // hypervisor present
                entry.ecx |= 1 << 24  // TSC-deadline timer: the in-kernel local APIC emulates it
                if count > 1 { entry.edx |= 1 << 28 } else { entry.edx &= ~(1 << 28) }  // HTT: EBX[23:16] is valid
            case 0x4 where vendor != .amd:
                // EAX[31:26] cores per package - 1; EAX[25:14] logical processors sharing this cache - 1.
                if entry.eax & 0x1F != 0 {
                    let level = (entry.eax >> 5) & 0x7
                    let sharing = level >= 3 ? count - 1 : 0
                    entry.eax = (entry.eax & 0x3FFF) | ((sharing & 0xFFF) << 14) | (((count - 1) & 0x3F) << 26)
                }
            case 0x6:
                entry.eax &= ~(1 << 1)  // no Turbo Boost
                entry.ecx &= ~(1 << 3)  // no energy-performance bias MSR
            case 0xA:
                // No virtual PMU is promised to the guest.
                entry.eax = 0; entry.ebx = 0; entry.ecx = 0; entry.edx = 0
            case 0xB, 0x1F:
                // Rebuilt below from our topology, whatever subleaves the host had.
                topologyLeavesPresent.insert(entry.function)
                continue
            case 0x8000_0008 where vendor == .amd:
                // ECX[15:12] APIC ID bits for cores, [7:0] cores - 1.
                entry.ecx = (entry.ecx & ~0xF0FF) | (CPUIDTemplate.bitWidth(for: vcpuCount) << 12) | ((count - 1) & 0xFF)
            case 0x8000_001E where vendor == .amd:
                // EAX extended APIC ID; EBX[15:8] threads per core - 1 = 0, [7:0] core ID; ECX one node.
                entry.eax = apicID
                entry.ebx = (entry.ebx & ~0xFFFF) | (apicID & 0xFF)
                entry.ecx = entry.ecx & ~0x7FF
            default:
                break  // includes the KVM leaves 0x4000_0000+, which stay as KVM reports them
            }
            result.append(entry)
        }
        for leaf in topologyLeavesPresent.sorted() {
            result.append(contentsOf: topologyEntries(leaf: leaf, apicID: apicID))
        }
        return result
    }

    /// Leaf 0xB / 0x1F: level 0 is SMT (one thread per core), level 1 the cores, level 2 ends the list.
    func topologyEntries(leaf: UInt32, apicID: UInt32) -> [kvm_cpuid_entry2] {
        let levels: [(eax: UInt32, ebx: UInt32, ecx: UInt32)] = [
            (0, 1, 0 | (1 << 8)),
            (CPUIDTemplate.bitWidth(for: vcpuCount), UInt32(vcpuCount), 1 | (2 << 8)),
            (0, 0, 2),
        ]
        return levels.enumerated().map { index, level in
            var entry = kvm_cpuid_entry2()
            entry.function = leaf
            entry.index = UInt32(index)
            entry.flags = VESSEL_KVM_CPUID_FLAG_SIGNIFICANT_INDEX
            entry.eax = level.eax
            entry.ebx = level.ebx
            entry.ecx = level.ecx
            entry.edx = apicID
            return entry
        }
    }
}
