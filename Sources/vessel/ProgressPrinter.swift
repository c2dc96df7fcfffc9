import Foundation
import VesselImages
#if canImport(Glibc)
import Glibc
#endif

/// Per-layer progress: bars redrawn in place on a terminal, one plain line per step otherwise.
final class ProgressPrinter {
    private let output: FileHandle
    private let isTerminal: Bool
    private var order: [Digest] = []
    private var latest: [Digest: TransferProgress] = [:]
    private var drawnLines = 0
    private var lastDraw = Date.distantPast

    /// `vessel pull` reports on stdout; `vessel run` on stderr, since stdout is the container's.
    init(to output: FileHandle = .standardOutput) {
        self.output = output
        isTerminal = isatty(output.fileDescriptor) == 1
    }

    func handle(_ progress: TransferProgress) {
        let previous = latest[progress.digest]
        if previous == nil { order.append(progress.digest) }
        latest[progress.digest] = progress
        if isTerminal {
            let finished = progress.phase != .downloading
            guard finished || Date().timeIntervalSince(lastDraw) > 0.1 else { return }
            redraw()
        } else if previous?.phase != progress.phase {
            let line = "\(progress.digest.shortHex): \(progress.phase.rawValue)\(progress.total > 0 ? " (\(Self.size(progress.total)))" : "")\n"
            output.write(Data(line.utf8))
        }
    }

    private func redraw() {
        lastDraw = Date()
        var text = drawnLines > 0 ? "\u{1b}[\(drawnLines)A" : ""
        for digest in order {
            guard let progress = latest[digest] else { continue }
            text += "\r\u{1b}[2K\(digest.shortHex): \(progress.phase.rawValue)"
            if progress.phase == .downloading, progress.total > 0 {
                let width = 30
                let filled = Int(Double(width) * Double(progress.completed) / Double(progress.total))
                text += " [" + String(repeating: "=", count: max(0, min(width, filled))) + String(repeating: " ", count: max(0, width - filled)) + "]"
                text += " \(Self.size(progress.completed))/\(Self.size(progress.total))"
            }
            text += "\n"
        }
        drawnLines = order.count
        output.write(Data(text.utf8))
    }

    static func size(_ bytes: Int64) -> String {
        let value = Double(bytes)
        let kilo = 1024.0
        if value >= kilo * kilo * kilo { return String(format: "%.1f GB", value / (kilo * kilo * kilo)) }
        if value >= kilo * kilo { return String(format: "%.1f MB", value / (kilo * kilo)) }
        if value >= kilo { return String(format: "%.1f kB", value / kilo) }
        return "\(bytes) B"
    }
}
