import ArgumentParser
import Foundation
import VesselTestbed

struct BenchNetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-net",
        abstract: "Guest-to-L2 TCP throughput over a tap: vessel's virtio-net against QEMU microvm's, alternating, in one L2 session.",
        discussion: """
            Both VMMs boot the same guest on the same persistent tap (10.0.2.1 in L2). The guest sends \
            --mebibytes of zeros with busybox nc to a busybox nc listener in L2 and times the transfer \
            with its own /proc/uptime, from before connecting until L2 has read everything and closed.
            """)

    @OptionGroup var common: CommonOptions

    @Option(help: "Transfer pairs (each pair runs both VMMs once).")
    var runs: Int = 3

    @Option(help: "MiB the guest sends per transfer.")
    var mebibytes: Int = 16

    @Flag(help: "Print the scenario's output.")
    var showConsole = false

    func run() throws {
        guard runs > 0, mebibytes > 0 else { throw ValidationError("--runs and --mebibytes must be positive") }
        let vessel = try common.vesselBinary(required: true)
        var configuration = try common.configuration(vessel: vessel, includeQEMU: true, includeVmlinux: false)
        let tunModule = try common.guestAssets().modules + "/kernel/drivers/net/tun.ko"
        guard FileManager.default.fileExists(atPath: tunModule) else { throw ValidationError("\(tunModule) is missing") }
        configuration.extraFiles["/lib/modules/l2/tun.ko"] = tunModule
        let scenario = Scenario(name: "bench-net", script: script(), timeoutSeconds: 300 + 120 * runs)
        let report = try Testbed(configuration: configuration).runReport([scenario])
        guard let result = report.results.first else { throw ExitCode(1) }
        if showConsole { print(result.output) }
        let vesselRates = Self.rates(for: "vessel", in: result.output, mebibytes: mebibytes)
        let qemuRates = Self.rates(for: "qemu", in: result.output, mebibytes: mebibytes)
        print("transfers of \(mebibytes) MiB, guest -> L2 over a tap (MiB/s):")
        print("  vessel:       " + vesselRates.map { String(format: "%.2f", $0) }.joined(separator: " "))
        print("  QEMU microvm: " + qemuRates.map { String(format: "%.2f", $0) }.joined(separator: " "))
        guard let vesselMedian = Self.median(vesselRates), let qemuMedian = Self.median(qemuRates),
              vesselRates.count == runs, qemuRates.count == runs else {
            print("incomplete: \(vesselRates.count) vessel and \(qemuRates.count) QEMU transfers of \(runs) finished")
            if !showConsole { print(result.output) }
            throw ExitCode(1)
        }
        print(String(format: "median: vessel %.2f MiB/s, QEMU microvm %.2f MiB/s, ratio vessel/QEMU %.3f",
                     vesselMedian, qemuMedian, vesselMedian / qemuMedian))
        for session in report.sessions {
            print(String(format: "session %d: %.1f s wall, %.1f s CPU", session.attempt, session.wallSeconds,
                         session.cpuSeconds) + ", \(session.ending)")
        }
    }

    /// The guest's side: configure eth0, wait for L2 to answer, then time one transfer.
    private var guestScript: String {
        [
            "ip link set eth0 up", "ip addr add 10.0.2.2/24 dev eth0", "ping -c 1 -w 60 10.0.2.1 >/dev/null",
            "read start rest </proc/uptime", "head -c \(mebibytes * 1_048_576) /dev/zero | nc 10.0.2.1 5002",
            "read end rest </proc/uptime", "echo NET-BENCH-GUEST $start $end",
        ].joined(separator: "; ")
    }

    private func script() -> String {
        """
        grep -q "^tun " /proc/modules || insmod /lib/modules/l2/tun.ko
        tunctl -t bench0 >/dev/null
        ip addr add 10.0.2.1/24 dev bench0
        ip link set bench0 up
        # The listener's stdin never ends, so it closes only after the guest has sent everything.
        mkfifo /tmp/hold
        exec 4<>/tmp/hold
        GUEST='\(guestScript)'
        round() {
            nc -l -p 5002 </tmp/hold >/dev/null &
            listener=$!
            if [ "$1" = vessel ]; then
                vessel vm run --kernel "$VMLINUZ" --initrd "$INITRD" --memory 256 --net tap=bench0,mac=52:54:00:12:34:56 \\
                    --cmdline "console=ttyS0 quiet -- sh -c \\"$GUEST\\"" </dev/null >/tmp/console 2>&1
            else
                "$QEMU" -M microvm -enable-kvm -cpu host -smp 1 -m 256 -nodefaults -no-user-config -nographic \\
                    -serial stdio -no-reboot -kernel "$VMLINUZ" -initrd "$INITRD" \\
                    -netdev tap,id=n0,ifname=bench0,script=no,downscript=no \\
                    -device virtio-net-device,netdev=n0,mac=52:54:00:12:34:56 \\
                    -append "console=ttyS0 quiet -- sh -c \\"$GUEST\\"" </dev/null >/tmp/console 2>&1
            fi
            echo "$1 exit status $?"
            grep NET-BENCH-GUEST /tmp/console | sed "s/^.*NET-BENCH-GUEST/NET-BENCH $1/"
            kill $listener 2>/dev/null
            wait $listener 2>/dev/null
        }
        for i in $(seq \(runs)); do
            if [ $((i % 2)) = 1 ]; then round vessel; round qemu; else round qemu; round vessel; fi
        done
        """
    }

    static func rates(for side: String, in output: String, mebibytes: Int) -> [Double] {
        output.split(separator: "\n").compactMap { line in
            let words = line.split(separator: " ")
            guard words.count == 4, words[0] == "NET-BENCH", words[1] == side,
                  let start = Double(words[2]), let end = Double(words[3]), end > start else { return nil }
            return Double(mebibytes) / (end - start)
        }
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
