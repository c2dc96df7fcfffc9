/// How a `Serial8250` is built.
public struct Serial8250Configuration: Sendable, Equatable {
    /// Bytes of host input the UART holds for the guest. A real 16550 has a 16-byte FIFO; a larger
    /// buffer lets a paste arrive whole while the input thread still sees back-pressure. At least 16.
    public var receiveCapacity: Int
    /// On a PC, the 8250's interrupt output reaches the PIC only while MCR.OUT2 is set (and not in
    /// loopback, which forces OUT2 inactive). Linux sets OUT2 for every port with an IRQ.
    public var interruptRequiresOut2: Bool

    public init(receiveCapacity: Int = 4096, interruptRequiresOut2: Bool = true) {
        self.receiveCapacity = max(16, receiveCapacity)
        self.interruptRequiresOut2 = interruptRequiresOut2
    }
}
