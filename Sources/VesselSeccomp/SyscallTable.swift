/// Syscall name → number for one x86 ABI, generated from the kernel UAPI headers
/// (see generate-syscall-tables.py). x32 numbers include `__X32_SYSCALL_BIT`.
///
/// Name resolution rule (`resolve(_:for:)`): a name known to this ABI resolves to its number; a name known
/// only to another x86 ABI, or to another CPU architecture (`foreignArchitectureNames`), is skipped for this
/// ABI (nil), as runc skips names libseccomp cannot resolve; a name unknown to every table is an error.
public struct SyscallTable: Sendable {
    public let architecture: SeccompArchitecture
    public let numbersByName: [String: UInt32]

    public static let x86_64 = SyscallTable(architecture: .x86_64, numbersByName: x86_64Numbers)
    public static let x86 = SyscallTable(architecture: .x86, numbersByName: i386Numbers)
    public static let x32 = SyscallTable(architecture: .x32, numbersByName: x32Numbers)

    public static func table(for architecture: SeccompArchitecture) -> SyscallTable {
        switch architecture {
        case .x86_64: return .x86_64
        case .x86: return .x86
        case .x32: return .x32
        }
    }

    public func number(of name: String) -> UInt32? {
        numbersByName[name]
    }

    /// Whether any x86 table or the foreign list knows `name`.
    public static func isKnownName(_ name: String) -> Bool {
        x86_64Numbers[name] != nil || i386Numbers[name] != nil || x32Numbers[name] != nil
            || foreignArchitectureNames.contains(name)
    }

    /// The number of `name` for this ABI; nil if the name belongs to another ABI only (skip it);
    /// throws `unknownSyscall` if no table knows it.
    public func resolve(_ name: String) throws(SeccompError) -> UInt32? {
        if let number = numbersByName[name] { return number }
        guard Self.isKnownName(name) else { throw .unknownSyscall(name: name) }
        return nil
    }

    /// Syscalls that exist only on non-x86 CPUs and appear in published container profiles.
    public static let foreignArchitectureNames: Set<String> = [
        "arm_fadvise64_64", "arm_sync_file_range", "sync_file_range2", "breakpoint", "cacheflush", "set_tls",
        "usr26", "usr32", "s390_pci_mmio_read", "s390_pci_mmio_write", "s390_runtime_instr", "s390_guarded_storage",
        "s390_sthyi", "riscv_flush_icache", "riscv_hwprobe", "spu_create", "spu_run", "subpage_prot",
        "swapcontext", "sys_debug_setcontext", "switch_endian", "multiplexer", "rtas", "sysmips", "cachectl",
        "atomic_barrier", "atomic_cmpxchg_32", "or1k_atomic", "pciconfig_iobase", "pciconfig_read",
        "pciconfig_write", "ugetrlimit", "send", "recv", "getpagesize", "kern_features", "utrap_install",
        "perfctr", "memory_ordering", "sys_kexec_load", "osf_getdomainname", "syscall", "timerfd",
    ]
}
