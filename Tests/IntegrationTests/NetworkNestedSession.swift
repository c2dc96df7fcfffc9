import Foundation
import VesselTestbed

/// The L2 session the virtio-net nested tests share: L2 gets the tun module, vessel creates or attaches
/// to taps there, and the L3 guest talks to L2 over them.
enum NetworkNestedSession {
    enum Name {
        static let createdTap = "vessel-virtio-net-created-tap"
        static let existingTap = "vessel-virtio-net-existing-tap"
        static let badInput = "vessel-virtio-net-bad-input"
    }

    /// The guest's side, run by its init (no double quotes: it travels inside the kernel command line).
    static let guestTransfer = [
        "ip link set eth0 up", "ip addr add 10.0.2.2/24 dev eth0",
        "echo GUEST-MAC $(cat /sys/class/net/eth0/address)",
        "ping -c 3 -w 60 10.0.2.1 && echo GUEST-PING-OK",
        // stdin stays the console, which never ends: nc then quits when L2 closes, after the whole file.
        "nc 10.0.2.1 5001 >/tmp/in.bin", "echo GUEST-RECEIVED $(sha256sum /tmp/in.bin | cut -c1-64)",
        "head -c 2097152 /dev/urandom >/tmp/out.bin", "echo GUEST-SENT $(sha256sum /tmp/out.bin | cut -c1-64)",
        "nc 10.0.2.1 5002 </tmp/out.bin", "echo GUEST-DONE",
    ].joined(separator: "; ")

    /// vessel creates tap vnet0; L2 gives it 10.0.2.1, serves a file on port 5001 and receives one on 5002.
    static let createdTapScript = """
        grep -q "^tun " /proc/modules || insmod /lib/modules/l2/tun.ko
        head -c 2097152 /dev/urandom >/tmp/to-guest.bin
        echo "L2-SENT $(sha256sum /tmp/to-guest.bin | cut -c1-64)"
        nc -l -p 5001 </tmp/to-guest.bin >/dev/null &
        # The receiver's stdin must not end, or nc would close its half before the guest has sent everything.
        mkfifo /tmp/hold
        exec 4<>/tmp/hold
        nc -l -p 5002 </tmp/hold >/tmp/from-guest.bin &
        GUEST='\(guestTransfer)'
        vessel vm run --kernel "$VMLINUZ" --initrd "$INITRD" --memory 256 --net tap=vnet0,mac=52:54:00:12:34:56 \\
            --cmdline "console=ttyS0 quiet -- sh -c \\"$GUEST\\"" &
        vm=$!
        while ! ip link show vnet0 >/dev/null 2>&1; do kill -0 $vm 2>/dev/null || break; sleep 0.1; done
        ip addr add 10.0.2.1/24 dev vnet0
        ip link set vnet0 up
        wait $vm
        echo "vessel exit status $?"
        sleep 1
        echo "L2-RECEIVED $(sha256sum /tmp/from-guest.bin | cut -c1-64)"
        ip link show vnet0 >/dev/null 2>&1 && echo TAP-STILL-PRESENT || echo TAP-GONE
        """

    /// A persistent tap made with tunctl: vessel attaches, sets MAC and MTU, and leaves the tap in place.
    static let existingTapScript = #"""
        grep -q "^tun " /proc/modules || insmod /lib/modules/l2/tun.ko
        tunctl -t vnet1 >/dev/null
        vessel vm run --kernel "$VMLINUZ" --initrd "$INITRD" --memory 256 --net tap=vnet1,mac=52:54:00:ab:cd:ef,mtu=1400 \
            --cmdline "console=ttyS0 quiet -- sh -c \"echo GUEST-LINK \$(cat /sys/class/net/eth0/address) \$(cat /sys/class/net/eth0/mtu)\""
        echo "vessel exit status $?"
        echo "L2-MTU $(cat /sys/class/net/vnet1/mtu)"
        ip link show vnet1 >/dev/null 2>&1 && echo TAP-KEPT || echo TAP-GONE
        tunctl -d vnet1 >/dev/null
        """#

    /// Each case must fail with status 2, one line on stderr, and none of its taps (vnet2-vnet6) left in L2.
    static let badInputScript = #"""
        grep -q "^tun " /proc/modules || insmod /lib/modules/l2/tun.ko
        check() {
            name=$1; shift
            vessel vm run --kernel "$VMLINUZ" --initrd "$INITRD" --memory 256 "$@" >/tmp/out 2>/tmp/err
            status=$?
            echo "CASE $name: status $status lines $(wc -l </tmp/err) taps $(ls /sys/class/net | grep -c "vnet[2-6]") | $(cat /tmp/err)"
        }
        check second-device-fails --net tap=vnet2 --net tap=lo
        check duplicate-id --net tap=vnet3 --net tap=vnet3
        check bad-mac --net tap=vnet4,mac=01:02:03:04:05:06
        check long-name --net tap=vnet-name-too-long
        check malformed --net vnet5
        check missing-initrd --net tap=vnet6 --initrd /nonexistent
        echo CASES-DONE
        """#

    static let caseNames = ["second-device-fails", "duplicate-id", "bad-mac", "long-name", "malformed", "missing-initrd"]

    static let outcome: NestedSessionOutcome = {
        guard let assets = IntegrationEnvironment.assets else {
            return .skipped("guest assets missing, run scripts/fetch-guest-assets")
        }
        guard let vessel = IntegrationEnvironment.vesselBinary else {
            return .failed("vessel binary not found next to the test bundle; set VESSEL_BINARY")
        }
        let tunModule = assets.modules + "/kernel/drivers/net/tun.ko"
        guard FileManager.default.fileExists(atPath: tunModule) else {
            return .skipped("\(tunModule) missing from the guest kernel's modules")
        }
        let configuration = TestbedConfiguration(
            assetsDirectory: assets.directory, vesselBinary: vessel, includeQEMU: false, includeVmlinux: false,
            extraFiles: ["/lib/modules/l2/tun.ko": tunModule],
            onProgress: { print("vessel-testbed: \($0)") })
        let scenarios = [
            Scenario(name: Name.createdTap, script: createdTapScript, timeoutSeconds: 420),
            Scenario(name: Name.existingTap, script: existingTapScript, timeoutSeconds: 240),
            Scenario(name: Name.badInput, script: badInputScript, timeoutSeconds: 120),
        ]
        do {
            let report = try Testbed(configuration: configuration).runReport(scenarios)
            for result in report.results {
                print("=== \(result.name): exit \(result.exitStatus.map(String.init) ?? "none"), attempt \(result.attempts)")
                print(result.output)
            }
            return .ran(report)
        } catch {
            return .failed("\(error)")
        }
    }()

    /// The word after `marker` on the first line that contains it.
    static func value(after marker: String, in output: String) -> String? {
        for line in output.split(separator: "\n") {
            guard let range = line.range(of: marker + " ") else { continue }
            return line[range.upperBound...].split(separator: " ").first.map(String.init)
        }
        return nil
    }
}
