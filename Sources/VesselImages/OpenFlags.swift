/// Linux open/openat2 constants Glibc's Swift overlay does not export (they sit behind _GNU_SOURCE).
enum OpenFlags {
    static let path: Int32 = 0o10000000  // O_PATH
    static let resolveNoMagicLinks: UInt64 = 0x02  // RESOLVE_NO_MAGICLINKS
    static let resolveInRoot: UInt64 = 0x10  // RESOLVE_IN_ROOT
}
