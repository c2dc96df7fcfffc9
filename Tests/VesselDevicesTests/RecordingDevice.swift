import Synchronization
import VesselDevices

/// A bus device that remembers what reached it and answers reads with its tag.
final class RecordingDevice: PortIODevice, MMIODevice {
    struct Access: Equatable, Sendable {
        var offset: UInt64
        var bytes: [UInt8]
        var isWrite: Bool
    }

    let tag: UInt8
    private let accesses = Mutex<[Access]>([])

    init(tag: UInt8) {
        self.tag = tag
    }

    var log: [Access] { accesses.withLock { $0 } }

    func read(offset: UInt16, into data: UnsafeMutableRawBufferPointer) {
        read(offset: UInt64(offset), into: data)
    }

    func write(offset: UInt16, data: UnsafeRawBufferPointer) {
        write(offset: UInt64(offset), data: data)
    }

    func read(offset: UInt64, into data: UnsafeMutableRawBufferPointer) {
        for index in data.indices { data[index] = tag }
        accesses.withLock { $0.append(Access(offset: offset, bytes: Array(data), isWrite: false)) }
    }

    func write(offset: UInt64, data: UnsafeRawBufferPointer) {
        accesses.withLock { $0.append(Access(offset: offset, bytes: Array(data), isWrite: true)) }
    }
}
