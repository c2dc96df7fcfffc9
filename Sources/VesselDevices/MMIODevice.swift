/// A device on the memory-mapped I/O bus. `offset` is relative to the device's registered base address.
///
/// The bus calls these from several vCPU threads at once, so implementations synchronise
/// internally. A read must fill every byte of `data`.
public protocol MMIODevice: AnyObject, Sendable {
    func read(offset: UInt64, into data: UnsafeMutableRawBufferPointer)
    func write(offset: UInt64, data: UnsafeRawBufferPointer)
}
