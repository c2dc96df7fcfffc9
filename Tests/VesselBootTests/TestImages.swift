import Foundation
import VesselBoot
import VesselMemory

/// Builders for synthetic kernels and readers for little-endian fields, shared by the tests.
enum TestImages {
    static let bzImageSetupSectors = 4
    static let bzImageInitSize: UInt32 = 8 << 20
    static let bzImageCommandLineSize: UInt32 = 2047
    static let elfLoadAddress: UInt64 = 0x100_0000
    static let elfEntry: UInt32 = 0x100_0040

    /// A minimal bzImage: boot sector + 4 setup sectors + a protected-mode part whose payload reaches the file's end.
    static func bzImage(protectedModeSize: Int = 0x1000, rawSetupSectors: UInt8 = 4, version: UInt16 = 0x020f,
                        loadFlags: UInt8 = 0x01, xloadFlags: UInt16 = 0x0b,
                        initrdAddressMax: UInt32 = 0x7fff_ffff) -> [UInt8] {
        let sectors = rawSetupSectors == 0 ? 4 : Int(rawSetupSectors)
        let setupSize = (sectors + 1) * 512
        var bytes = [UInt8](repeating: 0, count: setupSize + protectedModeSize)
        bytes[0x1f1] = rawSetupSectors
        put(UInt16(0xaa55), at: 0x1fe, in: &bytes)
        bytes[0x200] = 0xeb
        bytes[0x201] = 0x6a  // header ends at 0x26c
        put(UInt32(0x5372_6448), at: 0x202, in: &bytes)
        put(version, at: 0x206, in: &bytes)
        bytes[0x211] = loadFlags
        put(initrdAddressMax, at: 0x22c, in: &bytes)
        put(UInt32(0x20_0000), at: 0x230, in: &bytes)
        bytes[0x234] = 1
        put(xloadFlags, at: 0x236, in: &bytes)
        put(bzImageCommandLineSize, at: 0x238, in: &bytes)
        put(UInt32(0x100), at: 0x248, in: &bytes)
        put(UInt32(protectedModeSize - 0x100), at: 0x24c, in: &bytes)
        put(UInt64(0x100_0000), at: 0x258, in: &bytes)
        put(bzImageInitSize, at: 0x260, in: &bytes)
        for index in setupSize..<bytes.count { bytes[index] = UInt8(truncatingIfNeeded: index &* 7) }
        return bytes
    }

    struct Note {
        var name: [UInt8]
        var type: UInt32
        var descriptor: [UInt8]
    }

    static func xenEntryNote(_ entry: UInt32 = elfEntry) -> Note {
        Note(name: Array("Xen".utf8) + [0], type: 18, descriptor: le(entry))
    }

    /// An ELF64 x86-64 with one PT_NOTE and one PT_LOAD whose file data runs to the file's end.
    static func elf(notes: [Note] = [Note(name: Array("GNU".utf8) + [0], type: 3, descriptor: [1, 2, 3, 4, 5]),
                                     xenEntryNote()],
                    loadAddress: UInt64 = elfLoadAddress, loadSize: Int = 0x400, bssSize: UInt64 = 0x1000) -> [UInt8] {
        var noteBytes: [UInt8] = []
        for note in notes {
            noteBytes += le(UInt32(note.name.count)) + le(UInt32(note.descriptor.count)) + le(note.type)
            noteBytes += note.name
            while noteBytes.count % 4 != 0 { noteBytes.append(0) }
            noteBytes += note.descriptor
            while noteBytes.count % 4 != 0 { noteBytes.append(0) }
        }
        let phoff = 64
        let noteOffset = phoff + 2 * 56
        let loadOffset = noteOffset + noteBytes.count
        var bytes = [UInt8](repeating: 0, count: 64)
        bytes.replaceSubrange(0..<4, with: [0x7f, 0x45, 0x4c, 0x46])
        bytes[4] = 2
        bytes[5] = 1
        bytes[6] = 1
        put(UInt16(2), at: 16, in: &bytes)
        put(UInt16(62), at: 18, in: &bytes)
        put(UInt32(1), at: 20, in: &bytes)
        put(UInt64(0xffff_ffff_8100_0000), at: 24, in: &bytes)
        put(UInt64(phoff), at: 32, in: &bytes)
        put(UInt16(64), at: 52, in: &bytes)
        put(UInt16(56), at: 54, in: &bytes)
        put(UInt16(2), at: 56, in: &bytes)
        bytes += programHeader(type: 4, offset: UInt64(noteOffset), address: 0, fileSize: UInt64(noteBytes.count),
                               memorySize: UInt64(noteBytes.count))
        bytes += programHeader(type: 1, offset: UInt64(loadOffset), address: loadAddress, fileSize: UInt64(loadSize),
                               memorySize: UInt64(loadSize) + bssSize)
        bytes += noteBytes
        bytes += (0..<loadSize).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ 1) }
        return bytes
    }

    static func programHeader(type: UInt32, offset: UInt64, address: UInt64, fileSize: UInt64,
                              memorySize: UInt64) -> [UInt8] {
        le(type) + le(UInt32(5)) + le(offset) + le(0xffff_ffff_0000_0000 | address) + le(address)
            + le(fileSize) + le(memorySize) + le(UInt64(0x1000))
    }

    static func le<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        (0..<MemoryLayout<T>.size).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }

    static func put<T: FixedWidthInteger>(_ value: T, at offset: Int, in bytes: inout [UInt8]) {
        bytes.replaceSubrange(offset..<(offset + MemoryLayout<T>.size), with: le(value))
    }

    static func read<T: FixedWidthInteger>(_ type: T.Type, at offset: Int, in bytes: [UInt8]) -> T {
        var value: T = 0
        for index in 0..<MemoryLayout<T>.size {
            value |= T(truncatingIfNeeded: bytes[offset + index]) << (8 * index)
        }
        return value
    }

    static func memory(size: UInt64) throws -> GuestMemory {
        try GuestMemory(ranges: X86MemoryLayout.ramRanges(memorySize: size))
    }

    static func byteSum(_ bytes: [UInt8]) -> UInt8 {
        bytes.reduce(0, &+)
    }

    /// The real kernel to test against: $VESSEL_TEST_KERNEL, else the bzImage from scripts/fetch-guest-assets.
    static func realKernelPath() -> String? {
        assetPath(override: "VESSEL_TEST_KERNEL", assetName: "vmlinuz")
    }

    /// The real ELF vmlinux: $VESSEL_TEST_VMLINUX, else the one from scripts/fetch-guest-assets.
    static func realVmlinuxPath() -> String? {
        assetPath(override: "VESSEL_TEST_VMLINUX", assetName: "vmlinux")
    }

    /// `override` from the environment, else `assetName` in $VESSEL_ASSETS (set by scripts/test).
    private static func assetPath(override: String, assetName: String) -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment[override], !path.isEmpty { return path }
        guard let assets = environment["VESSEL_ASSETS"], !assets.isEmpty else { return nil }
        let path = assets + "/" + assetName
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }
}
