/// x86 MSR indices Vessel programs, and the values a vCPU gets before the kernel boots.
public enum ModelSpecificRegister {
    public static let timeStampCounter: UInt32 = 0x10
    public static let sysenterCS: UInt32 = 0x174
    public static let sysenterESP: UInt32 = 0x175
    public static let sysenterEIP: UInt32 = 0x176
    public static let miscEnable: UInt32 = 0x1A0
    public static let mtrrDefaultType: UInt32 = 0x2FF
    public static let star: UInt32 = 0xC000_0081
    public static let longModeSyscallTarget: UInt32 = 0xC000_0082  // LSTAR
    public static let compatibilityModeSyscallTarget: UInt32 = 0xC000_0083  // CSTAR
    public static let syscallFlagMask: UInt32 = 0xC000_0084  // SFMASK
    public static let kernelGSBase: UInt32 = 0xC000_0102

    /// IA32_MISC_ENABLE bit 0: fast string operations (REP MOVS/STOS) enabled.
    public static let miscEnableFastStrings: UInt64 = 1 << 0
    /// IA32_MTRR_DEF_TYPE: bit 11 enables MTRRs, bits 7:0 = 6 make write-back the default memory type.
    public static let mtrrEnabledWriteBackDefault: UInt64 = (1 << 11) | 6

    /// The boot set: syscall entry points cleared (the kernel sets them), TSC 0, fast strings,
    /// and MTRRs on with write-back default so the guest does not run uncached.
    public static let bootValues: [(index: UInt32, value: UInt64)] = [
        (sysenterCS, 0),
        (sysenterESP, 0),
        (sysenterEIP, 0),
        (star, 0),
        (compatibilityModeSyscallTarget, 0),
        (kernelGSBase, 0),
        (syscallFlagMask, 0),
        (longModeSyscallTarget, 0),
        (timeStampCounter, 0),
        (miscEnable, miscEnableFastStrings),
        (mtrrDefaultType, mtrrEnabledWriteBackDefault),
    ]
}
