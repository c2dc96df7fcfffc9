/// A fixed-capacity FIFO of bytes that never allocates after creation.
struct ByteRing: Sendable {
    private var storage: [UInt8]
    private var head = 0
    private(set) var count = 0

    init(capacity: Int) {
        storage = [UInt8](repeating: 0, count: max(1, capacity))
    }

    var capacity: Int { storage.count }
    var isEmpty: Bool { count == 0 }
    var isFull: Bool { count == storage.count }
    var freeSpace: Int { storage.count - count }

    /// Appends `byte`; returns false (dropping it) when full.
    @discardableResult
    mutating func push(_ byte: UInt8) -> Bool {
        guard !isFull else { return false }
        var tail = head + count
        if tail >= storage.count { tail -= storage.count }
        storage[tail] = byte
        count += 1
        return true
    }

    mutating func pop() -> UInt8? {
        guard count > 0 else { return nil }
        let byte = storage[head]
        head += 1
        if head == storage.count { head = 0 }
        count -= 1
        return byte
    }

    mutating func removeAll() {
        head = 0
        count = 0
    }
}
