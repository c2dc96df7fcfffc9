/// A port range a stock Linux guest touches on a minimal machine that deserves a
/// `DiscardingPortDevice` rather than an "unhandled I/O" log line.
public struct QuietPortRange: Sendable, Equatable {
    public var base: UInt16
    public var length: Int
    public var reason: String

    public init(base: UInt16, length: Int, reason: String) {
        self.base = base
        self.length = length
        self.reason = reason
    }

    /// What a Debian kernel probes on a machine with one UART, an i8042, the RTC and
    /// hardware-reduced ACPI. Ports KVM emulates in-kernel once the VMM creates the irqchip and
    /// PIT (PIC 0x20/0xA0, ELCR 0x4D0, PIT 0x40-0x43, speaker 0x61) never reach the bus and are not
    /// listed; neither are the ports of the Vessel devices themselves.
    /// Skip entries whose ports the VMM gives a real device (for example a second UART at 0x2F8).
    public static let minimalPC: [QuietPortRange] = [
        QuietPortRange(base: 0x80, length: 1,
                       reason: "POST code / I/O delay port written by outb_p"),
        QuietPortRange(base: 0x2F8, length: 8,
                       reason: "COM2 probe by the 8250 driver: all-ones means no UART"),
        QuietPortRange(base: 0x3E8, length: 8,
                       reason: "COM3 probe by the 8250 driver: all-ones means no UART"),
        QuietPortRange(base: 0x2E8, length: 8,
                       reason: "COM4 probe by the 8250 driver: all-ones means no UART"),
        QuietPortRange(base: 0xCF8, length: 8,
                       reason: "PCI configuration mechanism 1/2 probe: all-ones means no PCI"),
    ]
}
