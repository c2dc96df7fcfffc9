#if canImport(Glibc)
import Glibc
#endif

/// A spec mount's `options` split the way mount(2) wants them: flags to set, a propagation change
/// applied by a separate call, and everything unknown passed to the file system as its data string.
struct RootfsMountOptions: Sendable, Equatable {
    var flags: UInt = 0
    /// Flags the options cleared explicitly (`rw`, `suid`, ...), so a remount does not add them back from the source.
    var clearedFlags: UInt = 0
    var propagation: UInt = 0
    var data: [String] = []

    var isBind: Bool { flags & UInt(MS_BIND) != 0 }
    var isRecursive: Bool { flags & UInt(MS_REC) != 0 }
    var dataString: String? { data.isEmpty ? nil : data.joined(separator: ",") }

    /// Flags a bind mount needs a second (remount) call for.
    var remountFlags: UInt { flags & ~UInt(MS_BIND | MS_REC | MS_REMOUNT) }

    static let flagTable: [String: (set: Bool, flag: UInt)] = [
        "defaults": (true, 0),
        "ro": (true, UInt(MS_RDONLY)), "rw": (false, UInt(MS_RDONLY)),
        "nosuid": (true, UInt(MS_NOSUID)), "suid": (false, UInt(MS_NOSUID)),
        "nodev": (true, UInt(MS_NODEV)), "dev": (false, UInt(MS_NODEV)),
        "noexec": (true, UInt(MS_NOEXEC)), "exec": (false, UInt(MS_NOEXEC)),
        "sync": (true, UInt(MS_SYNCHRONOUS)), "async": (false, UInt(MS_SYNCHRONOUS)),
        "dirsync": (true, UInt(MS_DIRSYNC)),
        "remount": (true, UInt(MS_REMOUNT)),
        "mand": (true, UInt(MS_MANDLOCK)), "nomand": (false, UInt(MS_MANDLOCK)),
        "noatime": (true, UInt(MS_NOATIME)), "atime": (false, UInt(MS_NOATIME)),
        "nodiratime": (true, UInt(MS_NODIRATIME)), "diratime": (false, UInt(MS_NODIRATIME)),
        "relatime": (true, UInt(MS_RELATIME)), "norelatime": (false, UInt(MS_RELATIME)),
        "strictatime": (true, UInt(MS_STRICTATIME)), "nostrictatime": (false, UInt(MS_STRICTATIME)),
        "bind": (true, UInt(MS_BIND)), "rbind": (true, UInt(MS_BIND | MS_REC)),
        "silent": (true, UInt(MS_SILENT)), "loud": (false, UInt(MS_SILENT)),
        "iversion": (true, UInt(MS_I_VERSION)), "noiversion": (false, UInt(MS_I_VERSION)),
        "lazytime": (true, UInt(MS_LAZYTIME)), "nolazytime": (false, UInt(MS_LAZYTIME)),
        "nosymfollow": (true, RootfsSyscall.mountNoSymfollow), "symfollow": (false, RootfsSyscall.mountNoSymfollow),
    ]

    static let propagationTable: [String: UInt] = [
        "private": UInt(MS_PRIVATE), "rprivate": UInt(MS_PRIVATE | MS_REC),
        "shared": UInt(MS_SHARED), "rshared": UInt(MS_SHARED | MS_REC),
        "slave": UInt(MS_SLAVE), "rslave": UInt(MS_SLAVE | MS_REC),
        "unbindable": UInt(MS_UNBINDABLE), "runbindable": UInt(MS_UNBINDABLE | MS_REC),
    ]

    /// Every option name handled as a flag or propagation (the rest is file system data).
    static var knownNames: Set<String> { Set(flagTable.keys).union(propagationTable.keys) }

    init(_ options: [String]) {
        for option in options {
            if let entry = RootfsMountOptions.flagTable[option] {
                if entry.set {
                    flags |= entry.flag
                    clearedFlags &= ~entry.flag
                } else {
                    flags &= ~entry.flag
                    clearedFlags |= entry.flag
                }
            } else if let propagationFlag = RootfsMountOptions.propagationTable[option] {
                propagation |= propagationFlag
            } else if !option.isEmpty {
                data.append(option)
            }
        }
    }
}
