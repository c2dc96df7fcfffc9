/// Hand-built kernels small enough to run on any /dev/kvm, PVM included. Each prints one byte on the
/// 8250 UART and then powers off through the ACPI sleep control register, so a full boot through
/// Vessel's loader, page tables, devices and exit path is observable in milliseconds.
public enum TinyKernel {
    /// out 0x3f8 <- marker; out 0x600 <- SLP_EN|SLP_TYP(5); hlt. Valid in 32-bit and 64-bit mode.
    public static func code(marker: UInt8) -> [UInt8] {
        [
            0x66, 0xBA, 0xF8, 0x03,  // mov dx, 0x3f8
            0xB0, marker,            // mov al, marker
            0xEE,                    // out dx, al
            0x66, 0xBA, 0x00, 0x06,  // mov dx, 0x600
            0xB0, 0x34,              // mov al, 0x20 | (5 << 2)
            0xEE,                    // out dx, al
            0xF4,                    // hlt
        ]
    }

    /// 32-bit code (paging off, so any physical address is reachable) that checks the virtio-mmio magic at
    /// `window`, prints 'Y' or 'N', then prints '0' + the device ID register, and powers off.
    public static func virtioProbeCode(window: UInt32) -> [UInt8] {
        func address(_ value: UInt32) -> [UInt8] { withUnsafeBytes(of: value.littleEndian) { Array($0) } }
        return [0xA1] + address(window)                 // mov eax, [window]
            + [0x3D, 0x76, 0x69, 0x72, 0x74]            // cmp eax, 0x74726976 ("virt")
            + [0xB0, UInt8(ascii: "N")]                 // mov al, 'N'
            + [0x75, 0x02]                              // jne +2
            + [0xB0, UInt8(ascii: "Y")]                 // mov al, 'Y'
            + [0x66, 0xBA, 0xF8, 0x03, 0xEE]            // mov dx, 0x3f8; out dx, al
            + [0xA1] + address(window + 8)              // mov eax, [window + 8] (DeviceID)
            + [0x04, 0x30]                              // add al, '0'
            + [0xEE]                                    // out dx, al
            + [0x66, 0xBA, 0x00, 0x06, 0xB0, 0x34, 0xEE, 0xF4]  // power off, hlt
    }

    /// A bzImage whose entry spins forever (jmp $), for stopping a busy guest from the host.
    public static func spinningBzImage() -> [UInt8] {
        bzImage(code: [0xEB, 0xFE])
    }

    /// A bzImage with boot protocol 2.15 whose 64-bit entry (load address + 0x200) runs `code`.
    public static func bzImage(marker: UInt8 = UInt8(ascii: "V")) -> [UInt8] {
        bzImage(code: code(marker: marker))
    }

    public static func bzImage(code: [UInt8]) -> [UInt8] {
        let setupSectors = 1
        var image = [UInt8](repeating: 0, count: (setupSectors + 1) * 512)
        image[0x1f1] = UInt8(setupSectors)
        put(UInt16(0xAA55), at: 0x1fe, in: &image)
        image[0x200] = 0xEB                                     // jmp over the header, whose end it marks
        image[0x201] = 0x6A
        image.replaceSubrange(0x202..<0x206, with: Array("HdrS".utf8))
        put(UInt16(0x020f), at: 0x206, in: &image)
        image[0x211] = 0x01                                     // LOADED_HIGH
        put(UInt32(0x100000), at: 0x214, in: &image)            // code32_start
        put(UInt32(0x7fff_ffff), at: 0x22c, in: &image)         // initrd_addr_max
        put(UInt32(0x20_0000), at: 0x230, in: &image)           // kernel_alignment
        image[0x234] = 1                                        // relocatable
        put(UInt16(0x0003), at: 0x236, in: &image)              // XLF_KERNEL_64 | XLF_CAN_BE_LOADED_ABOVE_4G
        put(UInt32(2047), at: 0x238, in: &image)                // cmdline_size
        put(UInt64(0x100000), at: 0x258, in: &image)            // pref_address
        put(UInt32(0x10000), at: 0x260, in: &image)             // init_size
        var payload = [UInt8](repeating: 0xF4, count: 0x200)    // 32-bit entry: hlt
        payload += code
        return image + payload
    }

    /// An ELF64 vmlinux-like image whose Xen PVH note enters `code` in 32-bit protected mode at 1 MiB.
    public static func pvhELF(marker: UInt8 = UInt8(ascii: "P")) -> [UInt8] {
        pvhELF(code: code(marker: marker))
    }

    public static func pvhELF(code: [UInt8]) -> [UInt8] {
        let loadAddress: UInt64 = 0x100000
        let noteOffset = 64 + 2 * 56
        var note: [UInt8] = []
        append(UInt32(4), to: &note)              // namesz
        append(UInt32(4), to: &note)              // descsz
        append(UInt32(18), to: &note)             // XEN_ELFNOTE_PHYS32_ENTRY
        note += Array("Xen\0".utf8)
        append(UInt32(loadAddress), to: &note)
        let codeOffset = 0x1000

        var image: [UInt8] = [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0] + [UInt8](repeating: 0, count: 8)
        append(UInt16(2), to: &image)             // ET_EXEC
        append(UInt16(62), to: &image)            // EM_X86_64
        append(UInt32(1), to: &image)
        append(UInt64(loadAddress), to: &image)   // e_entry (unused by PVH)
        append(UInt64(64), to: &image)            // e_phoff
        append(UInt64(0), to: &image)             // e_shoff
        append(UInt32(0), to: &image)
        append(UInt16(64), to: &image)            // e_ehsize
        append(UInt16(56), to: &image)            // e_phentsize
        append(UInt16(2), to: &image)             // e_phnum
        append(UInt16(64), to: &image)
        append(UInt16(0), to: &image)
        append(UInt16(0), to: &image)
        // PT_LOAD
        append(UInt32(1), to: &image); append(UInt32(5), to: &image)
        append(UInt64(codeOffset), to: &image); append(loadAddress, to: &image); append(loadAddress, to: &image)
        append(UInt64(code.count), to: &image); append(UInt64(code.count), to: &image); append(UInt64(0x1000), to: &image)
        // PT_NOTE
        append(UInt32(4), to: &image); append(UInt32(4), to: &image)
        append(UInt64(noteOffset), to: &image); append(UInt64(0), to: &image); append(UInt64(0), to: &image)
        append(UInt64(note.count), to: &image); append(UInt64(note.count), to: &image); append(UInt64(4), to: &image)
        image += note
        image += [UInt8](repeating: 0, count: codeOffset - image.count)
        return image + code
    }

    private static func put<T: FixedWidthInteger>(_ value: T, at offset: Int, in bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.replaceSubrange(offset..<offset + $0.count, with: $0) }
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
}
