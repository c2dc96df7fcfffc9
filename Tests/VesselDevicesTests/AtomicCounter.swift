import Synchronization

final class AtomicCounter: Sendable {
    private let storage = Atomic<Int>(0)

    func add(_ amount: Int) {
        storage.add(amount, ordering: .relaxed)
    }

    var value: Int { storage.load(ordering: .relaxed) }
}
