import VesselBoot
import VesselVirtio

/// Where the machine's virtio-mmio devices live: one 4 KiB window each from 0xD000_0000 (below the
/// 4 GiB hole's APIC pages) and one IOAPIC input each, from GSI 5, skipping the legacy devices' lines.
enum VirtioDeviceLayout {
    static let mmioBase: UInt64 = 0xD000_0000
    static let windowSize: UInt64 = VirtioMMIOTransport.windowSize
    /// IOAPIC pins 5-23 without 8 (the RTC); 1 and 4 belong to the keyboard and COM1.
    static let interrupts: [UInt32] = Array(5...7) + Array(9...23)

    static var maximumDeviceCount: Int { interrupts.count }

    static func slot(_ index: Int) -> (base: UInt64, interrupt: UInt32) {
        (mmioBase + UInt64(index) * windowSize, interrupts[index])
    }

    /// The DSDT entry a stock kernel (no command-line device support) needs to find the device.
    static func acpiDescription(_ index: Int) throws -> ACPIDeviceDescription {
        let slot = slot(index)
        return try ACPIDeviceDescription.virtioMMIO(
            index: index, mmioBase: UInt32(slot.base), mmioSize: UInt32(windowSize), interrupt: slot.interrupt)
    }

    /// `virtio_mmio.device=4K@0xd0000000:5`, for kernels built with CONFIG_VIRTIO_MMIO_CMDLINE_DEVICES.
    static func commandLineParameter(_ index: Int) -> String {
        let slot = slot(index)
        return "virtio_mmio.device=4K@0x\(String(slot.base, radix: 16)):\(slot.interrupt)"
    }
}
