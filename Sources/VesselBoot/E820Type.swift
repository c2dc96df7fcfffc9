/// Memory types shared by the e820 table and the PVH memory map.
public enum E820Type: UInt32, Sendable, Equatable {
    case ram = 1
    case reserved = 2
    case acpiReclaimable = 3
    case acpiNVS = 4
    case unusable = 5
}
