import Foundation
import Testing
@testable import VesselBoot
import VesselMemory

@Suite struct BootLoaderTests {
    let memorySize: UInt64 = 256 << 20

    func bzImageConfig(initrd: InitialRamdisk? = nil, commandLine: String = "console=ttyS0 reboot=k",
                       memorySize: UInt64 = 256 << 20, protectedModeSize: Int = 0x1000,
                       initrdAddressMax: UInt32 = 0x7fff_ffff) throws -> BootConfiguration {
        let image = TestImages.bzImage(protectedModeSize: protectedModeSize, initrdAddressMax: initrdAddressMax)
        return BootConfiguration(kernel: try KernelImage.parse(image), initrd: initrd, commandLine: commandLine,
                                 vcpuCount: 2, memorySize: memorySize)
    }

    @Test func bzImageLongModeEntry() throws {
        let memory = try TestImages.memory(size: memorySize)
        let image = TestImages.bzImage()
        let initrd = (0..<5000).map { UInt8(truncatingIfNeeded: $0) }
        let config = BootConfiguration(kernel: try KernelImage.parse(image), initrd: .bytes(initrd),
                                       commandLine: "console=ttyS0", vcpuCount: 2, memorySize: memorySize)
        let entry = try BootLoader.load(config, into: memory)

        #expect(entry.mode == .longMode64)
        #expect(entry.rip == 0x100200)
        #expect(entry.rsi == 0x7000)
        #expect(entry.cr0 & 0x8000_0001 == 0x8000_0001)
        #expect(entry.cr3 == 0x9000)
        #expect(entry.cr4 & 0x20 != 0)
        #expect(entry.efer == 0x500)
        #expect(entry.rflags == 2)
        #expect(entry.codeSegment.selector == 0x10)
        #expect(entry.dataSegment.selector == 0x18)
        #expect(entry.codeSegment.l && !entry.codeSegment.db)
        // A relocatable kernel runs from pref_address (16 MiB) and needs init_size bytes there.
        #expect(entry.kernelEnd == 0x100_0000 + UInt64(TestImages.bzImageInitSize))

        // Kernel: the protected-mode part at 1 MiB.
        #expect(try memory.read(at: GuestAddress(0x100000), count: 0x1000) == Array(image[(5 * 512)...]))
        // Command line, NUL-terminated.
        #expect(try memory.read(at: GuestAddress(0x20000), count: 14) == Array("console=ttyS0".utf8) + [0])
        // Initrd: at the top of RAM, page-aligned, and recorded in boot_params.
        let initrdAddress = try #require(entry.initrdAddress)
        #expect(initrdAddress.rawValue == (memorySize - 5000) & ~0xfff)
        #expect(try memory.read(at: initrdAddress, count: initrd.count) == initrd)
        #expect(try memory.readInteger(at: GuestAddress(0x7000 + 0x218), as: UInt32.self) == UInt32(initrdAddress.rawValue))
        #expect(try memory.readInteger(at: GuestAddress(0x7000 + 0x21c), as: UInt32.self) == 5000)
        #expect(try memory.readInteger(at: GuestAddress(0x7000 + 0x228), as: UInt32.self) == 0x20000)
        #expect(try memory.readInteger(at: GuestAddress(0x7000 + 0x070), as: UInt64.self) == 0xe0000)
        #expect(try memory.readInteger(at: GuestAddress(0x7000 + 0x1e8), as: UInt8.self) == 4)
        // ACPI: the RSDP is where boot_params says.
        #expect(try memory.read(at: GuestAddress(0xe0000), count: 8) == Array("RSD PTR ".utf8))

        // Identity page tables: 1 GiB in 2 MiB pages.
        #expect(try memory.readInteger(at: GuestAddress(0x9000), as: UInt64.self) == 0xa003)
        #expect(try memory.readInteger(at: GuestAddress(0xa000), as: UInt64.self) == 0xb003)
        #expect(try memory.readInteger(at: GuestAddress(0xb000), as: UInt64.self) == 0x83)
        #expect(try memory.readInteger(at: GuestAddress(0xb000 + 8 * 511), as: UInt64.self) == (511 << 21) | 0x83)
    }

    @Test func gdtEntriesDecodeToTheEntrySegments() throws {
        for config in [try bzImageConfig(),
                       BootConfiguration(kernel: try KernelImage.parse(TestImages.elf()), commandLine: "",
                                         vcpuCount: 1, memorySize: memorySize)] {
            let memory = try TestImages.memory(size: memorySize)
            let entry = try BootLoader.load(config, into: memory)
            #expect(entry.gdtBase == X86MemoryLayout.gdtAddress.rawValue)
            #expect(entry.gdtLimit == 39)
            for segment in [entry.codeSegment, entry.dataSegment, entry.taskSegment] {
                let raw = try memory.readInteger(at: GuestAddress(entry.gdtBase + UInt64(segment.selector)), as: UInt64.self)
                #expect(SegmentDescriptor(gdtEntry: raw, selector: segment.selector) == segment)
            }
            #expect(try memory.readInteger(at: GuestAddress(entry.gdtBase), as: UInt64.self) == 0)
            let code = try memory.readInteger(at: GuestAddress(entry.gdtBase + 0x10), as: UInt64.self)
            #expect(code == (entry.mode == .longMode64 ? 0x00af_9b00_0000_ffff : 0x00cf_9b00_0000_ffff))
            #expect(try memory.readInteger(at: GuestAddress(entry.gdtBase + 0x18), as: UInt64.self) == 0x00cf_9300_0000_ffff)
            #expect(try memory.readInteger(at: GuestAddress(entry.gdtBase + 0x20), as: UInt64.self) == 0x0000_8b00_0000_0067)
        }
    }

    @Test func pvhProtectedModeEntry() throws {
        let memory = try TestImages.memory(size: memorySize)
        let image = TestImages.elf()
        let initrd: [UInt8] = [9, 8, 7, 6]
        let config = BootConfiguration(kernel: try KernelImage.parse(image), initrd: .bytes(initrd),
                                       commandLine: "console=hvc0", vcpuCount: 1, memorySize: memorySize)
        let entry = try BootLoader.load(config, into: memory)
        #expect(entry.mode == .protectedMode32)
        #expect(entry.rip == UInt64(TestImages.elfEntry))
        #expect(entry.rbx == 0x6000)
        #expect(entry.cr0 & 1 == 1)
        #expect(entry.cr0 & 0x8000_0000 == 0)
        #expect(entry.cr4 == 0 && entry.efer == 0)
        #expect(entry.codeSegment.db && !entry.codeSegment.l)
        #expect(entry.codeSegment.limit == 0xffff_ffff && entry.codeSegment.base == 0)

        // Segment bytes at p_paddr and zeroed bss.
        #expect(try memory.read(at: GuestAddress(TestImages.elfLoadAddress), count: 0x400) == Array(image.suffix(0x400)))
        #expect(try memory.read(at: GuestAddress(TestImages.elfLoadAddress + 0x400), count: 0x1000).allSatisfy { $0 == 0 })

        #expect(try memory.readInteger(at: GuestAddress(0x6000), as: UInt32.self) == 0x336e_c578)
        #expect(try memory.readInteger(at: GuestAddress(0x6000 + 24), as: UInt64.self) == 0x20000)
        #expect(try memory.readInteger(at: GuestAddress(0x6000 + 32), as: UInt64.self) == 0xe0000)
        #expect(try memory.readInteger(at: GuestAddress(0x6000 + 40), as: UInt64.self) == 0x6100)
        #expect(try memory.readInteger(at: GuestAddress(0x6000 + 48), as: UInt32.self) == 4)
        let moduleAddress = try memory.readInteger(at: GuestAddress(0x6040), as: UInt64.self)
        #expect(try memory.read(at: GuestAddress(moduleAddress), count: 4) == initrd)
        #expect(moduleAddress >= entry.kernelEnd)
        // Last memory map entry: RAM from 1 MiB to the end.
        #expect(try memory.readInteger(at: GuestAddress(0x6100 + 72), as: UInt64.self) == 1 << 20)
        #expect(try memory.readInteger(at: GuestAddress(0x6100 + 80), as: UInt64.self) == memorySize - (1 << 20))
    }

    @Test func initrdTooLargeForMemory() throws {
        let small: UInt64 = 64 << 20
        let memory = try TestImages.memory(size: small)
        let initrd = [UInt8](repeating: 0, count: 60 << 20)
        let error = #expect(throws: BootError.self) {
            try BootLoader.load(try bzImageConfig(initrd: .bytes(initrd), memorySize: small), into: memory)
        }
        #expect(error == .initrdTooLarge(size: 60 << 20, limit: small, kernelEnd: 0x100_0000 + UInt64(TestImages.bzImageInitSize)))
        #expect(error?.description.hasPrefix("initrd of 60 MiB does not fit below 0x4000000") == true)
    }

    @Test func initrdPlacementRespectsAddressMaxAndKernel() throws {
        let address = try InitrdPlacement.address(size: 0x1800, kernelEnd: 0x90_0000, lowRAMEnd: 256 << 20,
                                                  addressMax: 0x0fff_ffff)
        #expect(address.rawValue == 0x1000_0000 - 0x2000)
        let capped = try InitrdPlacement.address(size: 0x1000, kernelEnd: 0x90_0000, lowRAMEnd: 256 << 20,
                                                 addressMax: 0x7f_ffff + 0x80_0000)
        #expect(capped.rawValue == 0x100_0000 - 0x1000)
        #expect(throws: BootError.self) {
            try InitrdPlacement.address(size: 0x1000, kernelEnd: 0x90_0000, lowRAMEnd: 256 << 20, addressMax: 0x90_0ffe)
        }
        #expect(throws: BootError.self) {
            try InitrdPlacement.address(size: UInt64.max, kernelEnd: 0, lowRAMEnd: 256 << 20, addressMax: UInt64.max)
        }
    }

    @Test func initrdFromFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vessel-initrd-\(getpid())").path
        let contents = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data(contents)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let memory = try TestImages.memory(size: memorySize)
        let entry = try BootLoader.load(try bzImageConfig(initrd: .path(path)), into: memory)
        let address = try #require(entry.initrdAddress)
        #expect(entry.initrdSize == 10_000)
        #expect(try memory.read(at: address, count: contents.count) == contents)

        #expect(throws: BootError.fileNotFound(what: "initrd", path: path + ".missing")) {
            try BootLoader.load(try bzImageConfig(initrd: .path(path + ".missing")), into: memory)
        }
    }

    @Test func commandLineLimits() throws {
        let memory = try TestImages.memory(size: memorySize)
        let limit = Int(TestImages.bzImageCommandLineSize)
        _ = try BootLoader.load(try bzImageConfig(commandLine: String(repeating: "a", count: limit)), into: memory)
        let error = #expect(throws: BootError.commandLineTooLong(length: limit + 1, maximum: limit)) {
            try BootLoader.load(try bzImageConfig(commandLine: String(repeating: "a", count: limit + 1)), into: memory)
        }
        #expect(error?.description == "kernel command line of 2048 bytes is longer than the kernel's limit of 2047 bytes")
        #expect(throws: BootError.commandLineContainsNul) {
            try BootLoader.load(try bzImageConfig(commandLine: "a\u{0}b"), into: memory)
        }
    }

    @Test func kernelLargerThanMemory() throws {
        let small: UInt64 = 8 << 20
        let memory = try TestImages.memory(size: small)
        #expect(throws: BootError.kernelDoesNotFit(kernelEnd: 0x100_0000 + UInt64(TestImages.bzImageInitSize), ramEnd: small)) {
            try BootLoader.load(try bzImageConfig(memorySize: small), into: memory)
        }
    }

    @Test func memoryThatDoesNotMatchTheConfigurationIsRejected() throws {
        let memory = try TestImages.memory(size: 64 << 20)
        #expect(throws: BootError.memoryMismatch(memorySize: 256 << 20)) {
            try BootLoader.load(try bzImageConfig(), into: memory)
        }
    }

    @Test func largeGuestSplitsAroundTheGap() throws {
        let size: UInt64 = 5 << 30
        let memory = try TestImages.memory(size: size)
        let entry = try BootLoader.load(try bzImageConfig(initrd: .bytes([1]), memorySize: size), into: memory)
        // The initrd stays below 2 GiB (initrd_addr_max) even though RAM reaches 3 GiB.
        #expect(try #require(entry.initrdAddress).rawValue == 0x8000_0000 - 0x1000)
        #expect(try memory.readInteger(at: GuestAddress(0x7000 + 0x1e8), as: UInt8.self) == 5)
    }

    @Test func acpiDevicesReachTheDSDT() throws {
        let memory = try TestImages.memory(size: memorySize)
        var config = try bzImageConfig()
        config.acpiDevices = [try ACPIDeviceDescription.virtioMMIO(index: 0, mmioBase: 0xd000_0000, interrupt: 5)]
        config.vcpuCount = 32
        _ = try BootLoader.load(config, into: memory)
        let tables = try ACPITables(vcpuCount: 32, devices: config.acpiDevices)
        let dsdt = try memory.read(at: tables.dsdtAddress, count: tables.dsdt.count)
        #expect(dsdt == tables.dsdt)
        #expect(dsdt.suffix(AMLTests.virtioDeviceV000.count) == ArraySlice(AMLTests.virtioDeviceV000))
    }
}
