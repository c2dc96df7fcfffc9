import Foundation

/// Splits the L2 console into lines and sorts them into scenario outputs by the session's markers.
/// Fed from the reader thread, read by the monitoring thread; a lock guards the state.
final class ConsoleParser: @unchecked Sendable {
    struct Finished: Sendable {
        var exitStatus: Int32
        var output: String
        var l2Seconds: Double?
    }

    private let marker: String
    private let names: [Int: String]
    private let onScenarioOutput: (@Sendable (String, String) -> Void)?
    private let lock = NSLock()
    private var pending = Data()
    private var currentIndex: Int?
    private var currentLines: [String] = []
    private var finished: [Int: Finished] = [:]
    private var preamble: [String] = []
    private var sawReady = false
    private var sawDone = false
    private var fatalMessage: String?

    init(marker: String, names: [Int: String], onScenarioOutput: (@Sendable (String, String) -> Void)?) {
        self.marker = marker
        self.names = names
        self.onScenarioOutput = onScenarioOutput
    }

    func consume(_ data: Data) {
        lock.lock()
        defer { lock.unlock() }
        pending.append(data)
        while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
            let lineData = pending[pending.startIndex..<newline]
            pending.removeSubrange(pending.startIndex...newline)
            let line = String(decoding: lineData, as: UTF8.self).replacingOccurrences(of: "\r", with: "")
            handle(line)
        }
    }

    /// Flushes a last unterminated line once the console has closed.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if !pending.isEmpty {
            handle(String(decoding: pending, as: UTF8.self).replacingOccurrences(of: "\r", with: ""))
            pending.removeAll()
        }
    }

    var results: [Int: Finished] { lock.withLock { finished } }
    var isDone: Bool { lock.withLock { sawDone } }
    var reachedReady: Bool { lock.withLock { sawReady } }
    var fatal: String? { lock.withLock { fatalMessage } }
    var partial: (index: Int, output: String)? {
        lock.withLock { currentIndex.map { ($0, currentLines.joined(separator: "\n")) } }
    }
    var consoleTail: String { lock.withLock { preamble.suffix(20).joined(separator: "\n") } }

    private func handle(_ line: String) {
        guard let range = line.range(of: marker) else {
            append(line)
            return
        }
        let before = String(line[..<range.lowerBound])
        if !before.isEmpty { append(before) }
        let fields = line[range.upperBound...].split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        switch fields.first {
        case "ready":
            sawReady = true
        case "begin":
            if fields.count > 1, let index = Int(fields[1]) {
                currentIndex = index
                currentLines = []
            }
        case "end":
            guard fields.count > 2, let index = Int(fields[1]), let status = Int32(fields[2]) else { return }
            var lines = currentIndex == index ? currentLines : []
            if lines.last == "" { lines.removeLast() }  // the newline mark() prints first
            var seconds: Double?
            if fields.count > 4, let start = Double(fields[3]), let end = Double(fields[4]) {
                seconds = end - start
            }
            finished[index] = Finished(exitStatus: status, output: lines.joined(separator: "\n"), l2Seconds: seconds)
            currentIndex = nil
            currentLines = []
        case "done":
            sawDone = true
        case "fatal":
            fatalMessage = fields.dropFirst().joined(separator: ":")
        default:
            append(line)
        }
    }

    private func append(_ line: String) {
        if let index = currentIndex {
            currentLines.append(line)
            if let handler = onScenarioOutput, let name = names[index] {
                handler(name, line)
            }
        } else {
            preamble.append(line)
        }
    }
}
