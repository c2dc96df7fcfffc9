/// A device on the x86 I/O port bus. `offset` is relative to the device's registered base port.
/// Data is little-endian and 1, 2 or 4 bytes long.
///
/// The bus calls these from several vCPU threads at once, so implementations synchronise
/// internally. A read must fill every byte of `data`.
public protocol PortIODevice: AnyObject, Sendable {
    func read(offset: UInt16, into data: UnsafeMutableRawBufferPointer)
    func write(offset: UInt16, data: UnsafeRawBufferPointer)
}
