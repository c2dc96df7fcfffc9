/// Boot-time comparison inside L2: each pair boots the same kernel and initramfs with two VMMs
/// (alternating which goes first) and times, in L2 time with microsecond resolution, from the VMM's
/// start to the guest init's marker line. Each pair is one scenario, so a pair cut short by a frozen L2
/// is re-run whole in a fresh session and both sides of a pair are always measured in the same session.
public struct BootBenchmark: Sendable {
    public static let guestMarker = "vessel-guest: init reached"
    static let resultTag = "@@boot-bench"

    public var runs: Int
    public var first: BootBenchmarkSide
    public var second: BootBenchmarkSide
    /// The VMM is killed if the guest has not printed its marker after this many seconds.
    public var bootTimeoutSeconds: Int
    /// After the marker the VMM gets this long to exit (it is killed otherwise; the time still counts).
    public var exitGraceSeconds: Int

    public init(runs: Int, first: BootBenchmarkSide, second: BootBenchmarkSide,
                bootTimeoutSeconds: Int = 180, exitGraceSeconds: Int = 30) {
        self.runs = runs
        self.first = first
        self.second = second
        self.bootTimeoutSeconds = bootTimeoutSeconds
        self.exitGraceSeconds = exitGraceSeconds
    }

    public func scenarios() -> [Scenario] {
        (1...max(1, runs)).map { pair in
            let order = pair % 2 == 1 ? [first, second] : [second, first]
            let body = order.map { "measure \(ShellQuoting.quote($0.label)) \($0.command)" }.joined(separator: "\n")
            return Scenario(name: "boot-pair-\(pair)", script: measureFunction + body + "\n",
                            timeoutSeconds: 2 * (bootTimeoutSeconds + exitGraceSeconds) + 30)
        }
    }

    /// Reads the timings out of the pair scenarios' results.
    public func report(from results: [ScenarioResult]) -> BootBenchmarkReport {
        var measurements: [BootMeasurement] = []
        for (offset, result) in results.enumerated() {
            let pair = offset + 1
            var seen: Set<String> = []
            for line in result.output.split(separator: "\n") where line.hasPrefix(Self.resultTag + " ") {
                let fields = line.split(separator: " ").map(String.init)
                guard fields.count == 5, let status = Int32(fields[4]) else { continue }
                let label = fields[1]
                seen.insert(label)
                var seconds: Double?
                if let start = Double(fields[2]), let marker = Double(fields[3]) { seconds = marker - start }
                measurements.append(BootMeasurement(pair: pair, label: label, seconds: seconds,
                                                    exitStatus: status, attempt: result.attempts))
            }
            for label in [first.label, second.label] where !seen.contains(label) {
                measurements.append(BootMeasurement(pair: pair, label: label, seconds: nil, exitStatus: nil,
                                                    attempt: result.attempts))
            }
        }
        return BootBenchmarkReport(firstLabel: first.label, secondLabel: second.label, measurements: measurements)
    }

    // $1 label, the rest the VMM command. Prints the VMM's console indented, then
    // "@@boot-bench LABEL START MARKER_TIME|- EXIT_STATUS".
    var measureFunction: String {
        """
        measure() {
            label=$1; shift
            fifo=/tmp/boot-bench.$$
            rm -f "$fifo"; mkfifo "$fifo"
            started=$EPOCHREALTIME
            "$@" </dev/null >"$fifo" 2>&1 &
            vmm=$!
            (sleep \(bootTimeoutSeconds); kill -9 $vmm) 2>/dev/null &
            watchdog=$!
            marked=-
            while IFS= read -r line; do
                case $line in
                *"\(Self.guestMarker)"*)
                    if [ "$marked" = - ]; then
                        marked=$EPOCHREALTIME
                        kill $watchdog 2>/dev/null
                        (sleep \(exitGraceSeconds); kill -9 $vmm) 2>/dev/null &
                        watchdog=$!
                    fi ;;
                esac
                printf '  %s| %s\\n' "$label" "$line"
            done <"$fifo"
            wait $vmm
            status=$?
            kill $watchdog 2>/dev/null
            rm -f "$fifo"
            echo "\(Self.resultTag) $label $started $marked $status"
        }

        """
    }
}
