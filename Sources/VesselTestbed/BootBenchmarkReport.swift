import Foundation

/// Per-run timings, medians over the runs that reached the marker, and the first/second ratio.
public struct BootBenchmarkReport: Sendable, Hashable {
    public var firstLabel: String
    public var secondLabel: String
    public var measurements: [BootMeasurement]

    public init(firstLabel: String, secondLabel: String, measurements: [BootMeasurement]) {
        self.firstLabel = firstLabel
        self.secondLabel = secondLabel
        self.measurements = measurements
    }

    public func median(_ label: String) -> Double? {
        let times = measurements.filter { $0.label == label }.compactMap(\.seconds).sorted()
        guard !times.isEmpty else { return nil }
        let middle = times.count / 2
        return times.count % 2 == 1 ? times[middle] : (times[middle - 1] + times[middle]) / 2
    }

    /// median(first) / median(second).
    public var ratio: Double? {
        guard let first = median(firstLabel), let second = median(secondLabel), second > 0 else { return nil }
        return first / second
    }

    public var failedCount: Int { measurements.filter { !$0.succeeded }.count }

    public var text: String {
        var lines = ["pair  vmm                  boot (L2 s)         exit  session"]
        for measurement in measurements.sorted(by: { ($0.pair, $0.label) < ($1.pair, $1.label) }) {
            let time = measurement.seconds.map { String(format: "%.3f", $0) } ?? "FAILED (no marker)"
            let exit = measurement.exitStatus.map(String.init) ?? "-"
            func pad(_ text: String, _ width: Int) -> String {
                text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
            }
            lines.append(pad(String(measurement.pair), 4) + "  " + pad(measurement.label, 19) + "  "
                         + pad(time, 18) + "  " + pad(exit, 4) + "  " + String(measurement.attempt))
        }
        for label in [firstLabel, secondLabel] {
            let ok = measurements.filter { $0.label == label && $0.succeeded }.count
            let all = measurements.filter { $0.label == label }.count
            let median = self.median(label).map { String(format: "%.3f s", $0) } ?? "n/a"
            lines.append("median \(label): \(median) (\(ok)/\(all) runs reached the marker)")
        }
        let ratio = self.ratio.map { String(format: "%.3f", $0) } ?? "n/a"
        lines.append("ratio \(firstLabel)/\(secondLabel): \(ratio)")
        return lines.joined(separator: "\n")
    }
}
