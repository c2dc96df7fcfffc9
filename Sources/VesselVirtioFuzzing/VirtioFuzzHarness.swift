import Logging
import VesselMemory
import VesselVirtio

/// Interprets fuzz bytes as a guest driver's actions against the virtio core: guest-memory writes of
/// descriptor tables, rings and indirect tables, index bumps, the device-side queue calls
/// (popAvailable, addUsed, serveAvailable, notification suppression) and virtio-mmio register accesses
/// of any width and offset, including feature negotiation, queue set-up and reset.
///
/// After each step it checks what the core promises: chains stay inside guest memory and fit UInt32,
/// errors are `VirtioError`s, and registers read back as the specification says. A broken promise is
/// thrown as a `VirtioFuzzFailure`; a crash or sanitizer report ends the process.
public final class VirtioFuzzHarness {
    /// Guest RAM is 64 KiB in two regions with a hole between them, so out-of-range addresses and
    /// buffers straddling a hole are plentiful.
    static let holeStart: UInt64 = 0xC000
    static let holeEnd: UInt64 = 0xD000
    static let memoryEnd: UInt64 = 0x11000
    /// Bounds an input's running time whatever its length.
    static let maximumOperations = 512
    /// VirtQueue's bound on an indirect table; a chain holds at most the queue's size plus this.
    static let maximumIndirectEntries = 1 << 16

    let memory: GuestMemory
    let device = FuzzDevice()
    let transport: VirtioMMIOTransport
    var statistics = VirtioFuzzStatistics()

    var directQueue: FuzzQueue?
    var activatedQueues: [FuzzQueue] = []
    var activation: VirtioActivation?
    var seenActivations = 0
    /// The driver's view of the transport's queue registers, updated by the harness's own writes.
    var registerLayouts: [QueueLayout]
    var selectedQueue: UInt32 = 0

    /// 64 KiB of guest RAM in the harness's layout.
    public static func makeMemory() throws -> GuestMemory {
        try GuestMemory(ranges: [
            (GuestAddress(0), Self.holeStart),
            (GuestAddress(Self.holeEnd), Self.memoryEnd - Self.holeEnd),
        ])
    }

    /// A fresh device and transport on `memory` (see `makeMemory`).
    public init(memory: GuestMemory) throws {
        self.memory = memory
        // The transport logs each refused feature set and broken queue; at fuzzing rates that is noise.
        let logger = Logger(label: "vessel.fuzz.virtio") { _ in SwiftLogNoOpLogHandler() }
        transport = try VirtioMMIOTransport(device: device, memory: memory, interrupt: VirtioInterrupt {}, logger: logger)
        registerLayouts = device.queueMaximumSizes.map { QueueLayout(size: $0) }
    }

    /// Runs one input against a fresh device on zeroed guest memory: new memory, or `reusing` zeroed
    /// (under AddressSanitizer, mapping and unmapping memory cost more than many inputs' operations).
    public static func run(_ bytes: [UInt8], reusing memory: GuestMemory? = nil) throws -> VirtioFuzzStatistics {
        let harness: VirtioFuzzHarness
        if let memory {
            for region in memory.regions {
                try memory.zero(at: region.start, count: Int(region.size))
            }
            harness = try VirtioFuzzHarness(memory: memory)
        } else {
            harness = try VirtioFuzzHarness(memory: makeMemory())
        }
        try harness.execute(bytes)
        return harness.statistics
    }

    public func execute(_ bytes: [UInt8]) throws {
        var input = FuzzInput(bytes)
        statistics.inputs += 1
        var performed = 0
        while !input.isExhausted && performed < Self.maximumOperations {
            performed += 1
            try perform(&input)
        }
        statistics.operations += performed
    }

    func perform(_ input: inout FuzzInput) throws {
        switch input.byte() % 24 {
        case 0: writeMemory(&input)
        case 1, 2: writeDescriptor(&input)
        case 3, 4: writeChain(&input)
        case 5, 6: publish(&input)
        case 7: writeRingField(&input)
        case 8, 9: try pop(&input)
        case 10: try addUsed(&input)
        case 11, 12: try serve(&input)
        case 13: try notification(&input)
        case 14, 15: try createDirectQueue(&input)
        case 16: restoreIndexes(&input)
        case 17, 18: try registerRead(&input)
        case 19, 20: try registerWrite(&input)
        case 21, 22: try initialiseThroughRegisters(&input)
        default: try writeRegister(VirtioMMIORegister.status, value: 0)
        }
    }

    func writeMemory(_ input: inout FuzzInput) {
        let address = input.guestAddress()
        let bytes = input.bytes(count: Int(input.byte() % 64))
        // An address outside guest RAM is the driver's mistake, not the core's: nothing to check.
        try? memory.write(bytes, at: GuestAddress(address))
    }
}
