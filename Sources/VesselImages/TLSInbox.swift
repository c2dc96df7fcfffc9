import Foundation
import NIOCore

/// What a TLS channel has received and not yet read, shared by the event loop (which fills it) and the blocking
/// reader (which drains it). Every field is guarded by `condition`.
final class TLSInbox: @unchecked Sendable {
    struct TimedOut: Error {}

    enum Taken {
        /// Bytes were appended; `resumeReading` says the channel stopped reading at the high-water mark and may go on.
        case data(resumeReading: Bool)
        case end
        case failed(Error)
        case timedOut
    }

    private let condition = NSCondition()
    private var pending: [UInt8] = []
    private var ended = false
    private var error: Error?
    private var readHeldBack = false
    private var plainHTTP = false
    private var heldBack = 0

    var failure: Error? { condition.withLock { error } }
    var peerSpokePlainHTTP: Bool { condition.withLock { plainHTTP } }
    var timesHeldBack: Int { condition.withLock { heldBack } }

    // MARK: event loop side

    func append(_ buffer: ByteBuffer) {
        condition.withLock {
            pending.append(contentsOf: buffer.readableBytesView)
            condition.broadcast()
        }
    }

    func finish(_ failure: Error?) {
        condition.withLock {
            if error == nil, let failure { error = failure }
            ended = true
            condition.broadcast()
        }
    }

    func notePlainHTTP() { condition.withLock { plainHTTP = true } }

    /// Whether the channel may read more now; if not, the reader resumes it after draining.
    func mayRead() -> Bool {
        condition.withLock {
            if pending.count < TLSStream.highWater { return true }
            if !readHeldBack { heldBack += 1 }
            readHeldBack = true
            return false
        }
    }

    // MARK: reader side

    func take(appendingTo buffer: inout [UInt8], seconds: Int) -> Taken {
        let deadline = Date(timeIntervalSinceNow: TimeInterval(seconds))
        condition.lock()
        defer { condition.unlock() }
        while pending.isEmpty && !ended {
            guard condition.wait(until: deadline) else { return .timedOut }
        }
        if !pending.isEmpty {
            buffer.append(contentsOf: pending)
            pending.removeAll(keepingCapacity: true)
            let resume = readHeldBack
            readHeldBack = false
            return .data(resumeReading: resume)
        }
        if let error { return .failed(error) }
        return .end
    }

    /// Waits for a future of the channel's event loop, throwing `TimedOut` after `seconds`.
    func wait<Value: Sendable>(for future: EventLoopFuture<Value>, seconds: Int) throws -> Value {
        let done = NSCondition()
        nonisolated(unsafe) var outcome: Result<Value, Error>?
        future.whenComplete { result in
            done.withLock {
                outcome = result
                done.broadcast()
            }
        }
        let deadline = Date(timeIntervalSinceNow: TimeInterval(seconds))
        done.lock()
        defer { done.unlock() }
        while true {
            if let outcome { return try outcome.get() }
            guard done.wait(until: deadline) else { throw TimedOut() }
        }
    }
}
