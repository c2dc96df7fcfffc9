import VesselMemory

/// The initial vCPU state for the boot CPU, in plain values the VMM copies into KVM's registers.
public struct BootEntry: Sendable, Equatable {
    public enum Mode: Sendable, Equatable {
        /// bzImage 64-bit boot protocol: long mode, identity paging, RSI = boot_params.
        case longMode64
        /// PVH: flat 32-bit protected mode, paging off, EBX = hvm_start_info.
        case protectedMode32
    }

    public var mode: Mode
    public var rip: UInt64
    public var rsp: UInt64
    public var rbp: UInt64
    public var rsi: UInt64
    public var rbx: UInt64
    /// Bit 1 is reserved and always set; interrupts are off.
    public var rflags: UInt64
    public var cr0: UInt64
    public var cr3: UInt64
    public var cr4: UInt64
    public var efer: UInt64
    public var gdtBase: UInt64
    public var gdtLimit: UInt16
    public var idtBase: UInt64
    public var idtLimit: UInt16
    /// CS.
    public var codeSegment: SegmentDescriptor
    /// DS, ES, FS, GS and SS.
    public var dataSegment: SegmentDescriptor
    /// TR.
    public var taskSegment: SegmentDescriptor

    /// Where the boot structures went, for logs and tests.
    public var rsdpAddress: GuestAddress
    public var commandLineAddress: GuestAddress
    public var initrdAddress: GuestAddress?
    public var initrdSize: UInt64
    /// One past the last byte the kernel needs.
    public var kernelEnd: UInt64

    public init(mode: Mode, rip: UInt64, rsp: UInt64, rbp: UInt64, rsi: UInt64, rbx: UInt64, rflags: UInt64,
                cr0: UInt64, cr3: UInt64, cr4: UInt64, efer: UInt64, gdtBase: UInt64, gdtLimit: UInt16,
                idtBase: UInt64, idtLimit: UInt16, codeSegment: SegmentDescriptor, dataSegment: SegmentDescriptor,
                taskSegment: SegmentDescriptor, rsdpAddress: GuestAddress, commandLineAddress: GuestAddress,
                initrdAddress: GuestAddress?, initrdSize: UInt64, kernelEnd: UInt64) {
        self.mode = mode
        self.rip = rip
        self.rsp = rsp
        self.rbp = rbp
        self.rsi = rsi
        self.rbx = rbx
        self.rflags = rflags
        self.cr0 = cr0
        self.cr3 = cr3
        self.cr4 = cr4
        self.efer = efer
        self.gdtBase = gdtBase
        self.gdtLimit = gdtLimit
        self.idtBase = idtBase
        self.idtLimit = idtLimit
        self.codeSegment = codeSegment
        self.dataSegment = dataSegment
        self.taskSegment = taskSegment
        self.rsdpAddress = rsdpAddress
        self.commandLineAddress = commandLineAddress
        self.initrdAddress = initrdAddress
        self.initrdSize = initrdSize
        self.kernelEnd = kernelEnd
    }
}
