internal import CVesselSys
import Glibc

/// The five capability sets of a process, as bit masks, and the code that applies them to the calling process.
struct CapabilitySets: Sendable {
    var bounding: UInt64
    var effective: UInt64
    var permitted: UInt64
    var inheritable: UInt64
    var ambient: UInt64

    static func lastCapability() -> Int32 {
        guard let text = try? SystemCall.readTextFile("/proc/sys/kernel/cap_last_cap"),
              let value = Int32(SystemCall.trimmed(text)) else { return 40 }
        return value
    }

    /// Step 1, while still privileged: shrink the bounding set and keep permitted caps across setuid.
    func dropBoundingSet(lastCapability: Int32) throws {
        for number in 0...lastCapability where bounding & (UInt64(1) << UInt64(number)) == 0 {
            try SystemCall.check("prctl", "PR_CAPBSET_DROP \(number)") {
                vessel_prctl(PR_CAPBSET_DROP, UInt(number), 0, 0, 0)
            }
        }
        try SystemCall.check("prctl", "PR_SET_KEEPCAPS") { vessel_prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) }
    }

    /// Step 2, after setuid: set effective/permitted/inheritable, then raise ambient.
    func applyProcessSets(lastCapability: Int32) throws {
        var header = __user_cap_header_struct(version: UInt32(_LINUX_CAPABILITY_VERSION_3), pid: 0)
        var data = [__user_cap_data_struct](repeating: __user_cap_data_struct(), count: 2)
        data[0].effective = UInt32(truncatingIfNeeded: effective)
        data[1].effective = UInt32(truncatingIfNeeded: effective >> 32)
        data[0].permitted = UInt32(truncatingIfNeeded: permitted)
        data[1].permitted = UInt32(truncatingIfNeeded: permitted >> 32)
        data[0].inheritable = UInt32(truncatingIfNeeded: inheritable)
        data[1].inheritable = UInt32(truncatingIfNeeded: inheritable >> 32)
        try SystemCall.check("capset") { data.withUnsafeBufferPointer { vessel_capset(&header, $0.baseAddress) } }
        _ = vessel_prctl(PR_CAP_AMBIENT, UInt(PR_CAP_AMBIENT_CLEAR_ALL), 0, 0, 0)
        // As runc does, an ambient cap that is not also permitted and inheritable is skipped, not an error.
        let raisable = ambient & permitted & inheritable
        for number in 0...lastCapability where raisable & (UInt64(1) << UInt64(number)) != 0 {
            try SystemCall.check("prctl", "PR_CAP_AMBIENT_RAISE \(number)") {
                vessel_prctl(PR_CAP_AMBIENT, UInt(PR_CAP_AMBIENT_RAISE), UInt(number), 0, 0)
            }
        }
        _ = vessel_prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0)
    }
}
