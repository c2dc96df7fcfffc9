import Foundation
import Testing
@testable import VesselBoot
import VesselMemory

@Suite struct ELFKernelTests {
    @Test func parsesSegmentsAndPVHNote() throws {
        let image = TestImages.elf()
        let elf = try ELFKernel(parsing: image)
        #expect(elf.pvhEntry == TestImages.elfEntry)
        #expect(elf.segments.count == 1)
        let segment = try #require(elf.segments.first)
        #expect(segment.physicalAddress == TestImages.elfLoadAddress)
        #expect(segment.fileSize == 0x400)
        #expect(segment.memorySize == 0x1400)
        #expect(segment.fileOffset + segment.fileSize == UInt64(image.count))
        #expect(elf.physicalEnd == TestImages.elfLoadAddress + 0x1400)
        #expect(try KernelImage.parse(image) == .elf(elf))
    }

    @Test func acceptsEightBytePVHDescriptor() throws {
        let note = TestImages.Note(name: Array("Xen".utf8) + [0], type: 18, descriptor: TestImages.le(UInt64(0x123_4560)))
        #expect(try ELFKernel(parsing: TestImages.elf(notes: [note])).pvhEntry == 0x123_4560)
    }

    @Test func missingPVHNoteIsAClearError() {
        let otherXenNote = TestImages.Note(name: Array("Xen".utf8) + [0], type: 17, descriptor: [0, 0, 0, 0])
        let wrongName = TestImages.Note(name: Array("Xe".utf8) + [0], type: 18, descriptor: [0, 0, 0, 1])
        let error = #expect(throws: BootError.missingPVHNote) {
            try KernelImage.parse(TestImages.elf(notes: [otherXenNote, wrongName]))
        }
        #expect(error?.description.contains("XEN_ELFNOTE_PHYS32_ENTRY") == true)
    }

    @Test func rejectsWrongClassMachineAndTables() {
        var image = TestImages.elf()
        image[4] = 1
        #expect(throws: BootError.unsupportedELF("not a 64-bit ELF (EI_CLASS 1)")) { try ELFKernel(parsing: image) }

        image = TestImages.elf()
        TestImages.put(UInt16(3), at: 18, in: &image)
        #expect(throws: BootError.unsupportedELF("machine 3 is not x86-64 (62)")) { try ELFKernel(parsing: image) }

        image = TestImages.elf()
        TestImages.put(UInt64(image.count - 10), at: 32, in: &image)  // phdr table runs past the end
        #expect(throws: BootError.self) { try ELFKernel(parsing: image) }

        image = TestImages.elf()
        TestImages.put(UInt64.max - 8, at: 32, in: &image)  // offset + size overflows
        #expect(throws: BootError.self) { try ELFKernel(parsing: image) }

        image = TestImages.elf()
        TestImages.put(UInt16(0xffff), at: 56, in: &image)
        #expect(throws: BootError.self) { try ELFKernel(parsing: image) }
    }

    @Test func noteSizesOverflowingTheSegmentThrow() {
        for nameSize: UInt32 in [0xffff_fff0, 0xffff_ffff, 1000] {
            var image = TestImages.elf()
            TestImages.put(nameSize, at: 64 + 2 * 56, in: &image)  // first note's namesz
            #expect(throws: BootError.self, "namesz \(nameSize)") { try ELFKernel(parsing: image) }
        }
        for descriptorSize: UInt32 in [0xffff_fffd, 0x8000_0000] {
            var image = TestImages.elf()
            TestImages.put(descriptorSize, at: 64 + 2 * 56 + 4, in: &image)
            #expect(throws: BootError.self, "descsz \(descriptorSize)") { try ELFKernel(parsing: image) }
        }
    }

    @Test func segmentDataOutsideFileThrows() {
        var image = TestImages.elf()
        let loadHeader = 64 + 56
        TestImages.put(UInt64(0x10_0000), at: loadHeader + 32, in: &image)  // p_filesz past the end
        TestImages.put(UInt64(0x10_0000), at: loadHeader + 40, in: &image)
        #expect(throws: BootError.self) { try ELFKernel(parsing: image) }

        image = TestImages.elf()
        TestImages.put(UInt64(0x100), at: loadHeader + 40, in: &image)  // p_memsz < p_filesz
        #expect(throws: BootError.self) { try ELFKernel(parsing: image) }

        image = TestImages.elf()
        TestImages.put(UInt64.max - 0x10, at: loadHeader + 24, in: &image)  // paddr + memsz wraps
        #expect(throws: BootError.self) { try ELFKernel(parsing: image) }
    }

    @Test func segmentsOutsideMemoryThrowOnLoad() throws {
        let memorySize: UInt64 = 32 << 20
        let memory = try TestImages.memory(size: memorySize)
        for address: UInt64 in [0x8000, (32 << 20) - 0x100, 5 << 30, 0xffff_0000_0000] {
            let kernel = try KernelImage.parse(TestImages.elf(loadAddress: address))
            let config = BootConfiguration(kernel: kernel, commandLine: "", vcpuCount: 1, memorySize: memorySize)
            #expect(throws: BootError.self, "segment at \(address)") { try BootLoader.load(config, into: memory) }
        }
    }

    @Test func everyTruncationThrows() {
        let image = TestImages.elf()
        for cut in 0..<image.count {
            #expect(throws: BootError.self, "cut at \(cut)") { try KernelImage.parse(Array(image.prefix(cut))) }
        }
    }

    /// Overwrites every byte of a valid image with several values; parsing and loading may fail but never crash.
    @Test func corruptionAtEveryOffsetNeverCrashes() throws {
        let image = TestImages.elf(loadSize: 0x40)
        let memorySize: UInt64 = 32 << 20
        let memory = try TestImages.memory(size: memorySize)
        var parsed = 0
        for offset in 0..<image.count {
            for value: UInt8 in [0x00, 0x01, 0x80, 0xff] {
                var corrupt = image
                corrupt[offset] = value
                guard let kernel = try? KernelImage.parse(corrupt) else { continue }
                parsed += 1
                _ = try? BootLoader.load(BootConfiguration(kernel: kernel, commandLine: "", vcpuCount: 1,
                                                           memorySize: memorySize), into: memory)
            }
        }
        #expect(parsed > 0)
    }

    @Test func randomizedCorruptionNeverCrashes() throws {
        var generator = SplitMix64(seed: 0x5eed)
        let image = TestImages.elf(loadSize: 0x40)
        for _ in 0..<5000 {
            var corrupt = image
            for _ in 0..<Int(generator.next() % 6 + 1) {
                let offset = Int(generator.next() % UInt64(corrupt.count))
                corrupt[offset] = UInt8(truncatingIfNeeded: generator.next())
            }
            let length = generator.next() % 4 == 0 ? Int(generator.next() % UInt64(corrupt.count)) : corrupt.count
            _ = try? KernelImage.parse(Array(corrupt.prefix(length)))
        }
    }

    @Test func realVmlinux() throws {
        guard let path = TestImages.realVmlinuxPath() else {
            print("SKIP: realVmlinux: no vmlinux (run scripts/fetch-guest-assets and set VESSEL_ASSETS, or set VESSEL_TEST_VMLINUX)")
            return
        }
        guard case let .elf(elf) = try KernelImage.load(path: path) else {
            Issue.record("\(path) is not an ELF kernel")
            return
        }
        // x86-64 vmlinux: physical load at 16 MiB, PVH entry inside the first segment.
        let first = try #require(elf.segments.first)
        #expect(first.physicalAddress == 0x100_0000)
        #expect(UInt64(elf.pvhEntry) >= first.physicalAddress && UInt64(elf.pvhEntry) < first.end)
        let memorySize: UInt64 = 256 << 20
        let memory = try TestImages.memory(size: memorySize)
        let entry = try BootLoader.load(BootConfiguration(kernel: .elf(elf), initrd: .bytes([0]), commandLine: "console=hvc0",
                                                          vcpuCount: 1, memorySize: memorySize), into: memory)
        #expect(entry.rip == UInt64(elf.pvhEntry))
        #expect(try #require(entry.initrdAddress).rawValue >= elf.physicalEnd)
        print("real vmlinux \(path): PVH entry 0x\(String(elf.pvhEntry, radix: 16)), \(elf.segments.count) segments")
    }
}

/// Deterministic generator so a failing fuzz case can be reproduced.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
