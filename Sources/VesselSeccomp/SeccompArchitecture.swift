/// The x86 syscall ABIs a filter can cover on an x86_64 host.
public enum SeccompArchitecture: String, Sendable, Hashable, CaseIterable {
    case x86_64 = "SCMP_ARCH_X86_64"
    case x86 = "SCMP_ARCH_X86"
    case x32 = "SCMP_ARCH_X32"

    /// AUDIT_ARCH_X86_64: reported for both the x86_64 and the x32 ABI.
    public static let auditArchX86_64: UInt32 = 0xC000_003E
    /// AUDIT_ARCH_I386.
    public static let auditArchI386: UInt32 = 0x4000_0003
    /// x32 syscalls carry this bit in their number (`__X32_SYSCALL_BIT`).
    public static let x32SyscallBit: UInt32 = 0x4000_0000

    /// OCI architecture names of other CPUs. A profile may list them; they never match on x86, so they are skipped.
    public static let foreignOCINames: Set<String> = [
        "SCMP_ARCH_ARM", "SCMP_ARCH_AARCH64", "SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64", "SCMP_ARCH_MIPS64N32",
        "SCMP_ARCH_MIPSEL", "SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PPC", "SCMP_ARCH_PPC64",
        "SCMP_ARCH_PPC64LE", "SCMP_ARCH_S390", "SCMP_ARCH_S390X", "SCMP_ARCH_PARISC", "SCMP_ARCH_PARISC64",
        "SCMP_ARCH_RISCV64", "SCMP_ARCH_LOONGARCH64", "SCMP_ARCH_M68K", "SCMP_ARCH_SH", "SCMP_ARCH_SHEB",
    ]

    public init?(ociName: String) {
        self.init(rawValue: ociName)
    }

    /// Maps an OCI architecture list: x86 names become architectures, foreign CPU names are dropped,
    /// anything else is an error. An empty result means "native only" (x86_64) to the compiler.
    public static func parse(ociNames: [String]) throws(SeccompError) -> [SeccompArchitecture] {
        var result: [SeccompArchitecture] = []
        for name in ociNames {
            if let architecture = SeccompArchitecture(ociName: name) {
                if !result.contains(architecture) { result.append(architecture) }
            } else if !foreignOCINames.contains(name) {
                throw .unknownArchitecture(name: name)
            }
        }
        return result
    }
}
