/// v1 ↔ v2 value conversions, with the formulas runc uses so containers behave the same under both runtimes.
public enum CgroupConversion {
    /// cpu.shares [2, 262144] → cpu.weight [1, 10000]: `1 + (shares − 2) · 9999 / 262142`; 0 means unset.
    public static func cpuWeight(fromShares shares: UInt64) -> UInt64 {
        guard shares != 0 else { return 0 }
        let clamped = min(max(shares, 2), 262_144)
        return 1 + ((clamped - 2) * 9999) / 262_142
    }

    /// blkio.weight [10, 1000] → io.weight [1, 10000]: `1 + (weight − 10) · 9999 / 990`; 0 means unset.
    public static func ioWeight(fromBlockIOWeight weight: UInt16) -> UInt64 {
        guard weight != 0 else { return 0 }
        let clamped = UInt64(min(max(weight, 10), 1000))
        return 1 + ((clamped - 10) * 9999) / 990
    }

    /// OCI/v1 `memory.swap` (memory + swap) → v2 memory.swap.max (swap only).
    /// Returns nil for "leave unset", -1 for "max". Unlimited memory with unset swap means unlimited swap.
    public static func memorySwapMax(swap: Int64?, memory: Int64?) throws(CgroupError) -> Int64? {
        let swapValue = swap ?? 0
        let memoryValue = memory ?? 0
        if memoryValue == -1 && swapValue == 0 { return -1 }
        if swapValue == -1 { return -1 }
        if swapValue == 0 { return nil }
        guard memoryValue > 0 else {
            throw .invalidResource(name: "memory.swap", reason: "a swap limit needs a memory limit (memory is \(memoryValue))")
        }
        guard swapValue >= memoryValue else {
            throw .invalidResource(name: "memory.swap", reason: "memory+swap \(swapValue) is below the memory limit \(memoryValue)")
        }
        return swapValue - memoryValue
    }

    /// The v2 spelling of a byte limit: -1 (or any negative) → "max".
    public static func v2Limit(_ value: Int64) -> String {
        value < 0 ? "max" : String(value)
    }

    /// cpu.max for a quota/period pair: "max", "50000", "50000 100000". Without a period the kernel keeps
    /// the current one; a quota ≤ 0 means unlimited.
    public static func cpuMax(quota: Int64?, period: UInt64?) -> String? {
        let quotaValue = quota ?? 0
        let periodValue = period ?? 0
        guard quotaValue != 0 || periodValue != 0 else { return nil }
        let quotaText = quotaValue > 0 ? String(quotaValue) : "max"
        return periodValue != 0 ? "\(quotaText) \(periodValue)" : quotaText
    }
}
