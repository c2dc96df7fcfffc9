import Testing
@testable import VesselBoot

@Suite struct BzImageHeaderTests {
    @Test func parsesSyntheticHeader() throws {
        let image = TestImages.bzImage()
        let header = try BzImageHeader(parsing: image)
        #expect(header.setupSectors == 4)
        #expect(header.setupSize == 5 * 512)
        #expect(header.protocolVersion == 0x020f)
        #expect(header.loadFlags & BzImageHeader.loadedHigh != 0)
        #expect(header.xloadFlags == 0x0b)
        #expect(header.commandLineSize == TestImages.bzImageCommandLineSize)
        #expect(header.initrdAddressMax == 0x7fff_ffff)
        #expect(header.kernelAlignment == 0x20_0000)
        #expect(header.relocatable)
        #expect(header.preferredAddress == 0x100_0000)
        #expect(header.initSize == TestImages.bzImageInitSize)
        #expect(header.payloadOffset == 0x100)
        #expect(header.payloadLength == 0x1000 - 0x100)
        #expect(header.protectedModeSize == 0x1000)
        #expect(header.setupHeaderBytes.count == 0x26c - 0x1f1)
        #expect(header.setupHeaderBytes == Array(image[0x1f1..<0x26c]))
        #expect(try KernelImage.parse(image) == .bzImage(header: header, bytes: image))
    }

    @Test func zeroSetupSectorsMeansFour() throws {
        let header = try BzImageHeader(parsing: TestImages.bzImage(rawSetupSectors: 0))
        #expect(header.setupSectors == 4)
    }

    @Test func rejectsOldProtocolAndMissing64BitEntry() {
        #expect(throws: BootError.unsupportedBootProtocol(version: 0x020b)) {
            try BzImageHeader(parsing: TestImages.bzImage(version: 0x020b))
        }
        #expect(throws: BootError.kernelNot64Bit) {
            try BzImageHeader(parsing: TestImages.bzImage(xloadFlags: 0))
        }
        #expect(throws: BootError.kernelNotLoadedHigh) {
            try BzImageHeader(parsing: TestImages.bzImage(loadFlags: 0))
        }
    }

    @Test func setupSectorsBeyondFileIsTruncated() throws {
        var image = TestImages.bzImage(protectedModeSize: 0x1000)
        image[0x1f1] = 40  // 41 * 512 bytes of setup, more than the file holds
        let error = #expect(throws: BootError.self) { try BzImageHeader(parsing: image) }
        #expect(error == .truncatedBzImage(setupSectors: 40, fileSize: image.count))
        #expect(error?.description == "truncated bzImage: setup header claims 40 setup sectors but file has \(image.count) bytes")
    }

    @Test func everyTruncationThrows() {
        let image = TestImages.bzImage(protectedModeSize: 0x400)
        for cut in 0..<image.count {
            #expect(throws: BootError.self, "cut at \(cut)") { try KernelImage.parse(Array(image.prefix(cut))) }
        }
    }

    @Test func corruptedBytesNeverCrash() throws {
        let image = TestImages.bzImage(protectedModeSize: 0x400)
        let memory = try TestImages.memory(size: 64 << 20)
        for offset in 0x1f0..<0x270 {
            for value: UInt8 in [0x00, 0x7f, 0xff] {
                var corrupt = image
                corrupt[offset] = value
                guard let kernel = try? KernelImage.parse(corrupt) else { continue }
                _ = try? BootLoader.load(BootConfiguration(kernel: kernel, commandLine: "x", vcpuCount: 1,
                                                           memorySize: 64 << 20), into: memory)
            }
        }
    }

    @Test func runtimeRangeFollowsAlignmentAndPreferredAddress() throws {
        let header = try BzImageHeader(parsing: TestImages.bzImage())
        #expect(header.runtimeStart(loadAddress: 0x10_0000) == 0x100_0000)
        #expect(header.runtimeStart(loadAddress: 0x210_0000) == 0x220_0000)
        #expect(header.memoryEnd(loadAddress: 0x10_0000) == 0x100_0000 + UInt64(TestImages.bzImageInitSize))
        #expect(header.runtimeStart(loadAddress: UInt64.max - 1) == nil)

        var fixed = TestImages.bzImage()
        fixed[0x234] = 0
        TestImages.put(UInt64(0x40_0000), at: 0x258, in: &fixed)
        #expect(try BzImageHeader(parsing: fixed).runtimeStart(loadAddress: 0x10_0000) == 0x40_0000)
    }

    @Test func mismatchedHeaderAndBytesAreRejected() throws {
        let header = try BzImageHeader(parsing: TestImages.bzImage(protectedModeSize: 0x2000))
        let memory = try TestImages.memory(size: 64 << 20)
        let config = BootConfiguration(kernel: .bzImage(header: header, bytes: TestImages.bzImage(protectedModeSize: 0x400)),
                                       commandLine: "", vcpuCount: 1, memorySize: 64 << 20)
        #expect(throws: BootError.self) { try BootLoader.load(config, into: memory) }
    }

    @Test func notAKernel() {
        let error = #expect(throws: BootError.self) { try KernelImage.parse([UInt8](repeating: 0x41, count: 4096)) }
        #expect(error?.description.hasPrefix("not a Linux kernel image: no bzImage header or ELF magic") == true)
    }

    @Test func missingAndUnreadableFiles() {
        #expect(throws: BootError.fileNotFound(what: "kernel image", path: "/nonexistent/vmlinuz")) {
            try KernelImage.load(path: "/nonexistent/vmlinuz")
        }
        #expect(throws: BootError.notARegularFile(what: "kernel image", path: "/")) { try KernelImage.load(path: "/") }
    }

    @Test func realDebianKernel() throws {
        guard let path = TestImages.realKernelPath() else {
            print("SKIP: realDebianKernel: no kernel (run scripts/fetch-guest-assets and set VESSEL_ASSETS, or set VESSEL_TEST_KERNEL)")
            return
        }
        let kernel = try KernelImage.load(path: path)
        guard case let .bzImage(header, bytes) = kernel else {
            Issue.record("\(path) is not a bzImage")
            return
        }
        #expect(header.protocolVersion >= 0x020c)
        #expect(header.xloadFlags & BzImageHeader.kernel64 != 0)
        #expect(header.relocatable)
        #expect(header.commandLineSize >= 255)
        #expect(header.initSize > UInt32(header.protectedModeSize))
        #expect(header.kernelAlignment.nonzeroBitCount == 1)
        #expect(header.setupSize + header.protectedModeSize == bytes.count)
        #expect(UInt64(header.payloadOffset) + UInt64(header.payloadLength) <= UInt64(header.protectedModeSize))

        let memorySize: UInt64 = 256 << 20
        let memory = try TestImages.memory(size: memorySize)
        let entry = try BootLoader.load(
            BootConfiguration(kernel: kernel, initrd: .bytes([1, 2, 3]), commandLine: "console=ttyS0",
                              vcpuCount: 2, memorySize: memorySize), into: memory)
        #expect(entry.mode == .longMode64)
        let zeroPage = try memory.read(at: X86MemoryLayout.zeroPageAddress, count: BootParams.size)
        #expect(TestImages.read(UInt32.self, at: 0x202, in: zeroPage) == BzImageHeader.magic)
        #expect(zeroPage[0x210] == 0xff)
        let loaded = try memory.read(at: X86MemoryLayout.kernelLoadAddress, count: 4096)
        #expect(loaded == Array(bytes[header.setupSize..<(header.setupSize + 4096)]))
        print("real kernel \(path): protocol \(String(header.protocolVersion, radix: 16)), init_size \(header.initSize)")
    }
}
