import Foundation
import VesselTestbed

/// virtio-blk throughput, Vessel against QEMU's microvm on the same raw image in one L2 session, runs
/// alternating, plus the same dd on the image in L2 itself. Opt-in: VESSEL_BLK_BENCH=1.
enum BlockBenchmarkSession {
    static let mebibytes = 128
    static let pairs = 5
    static let name = "virtio-blk-throughput"

    /// In the guest: O_DIRECT sequential read, then write, of the whole disk, between marker lines.
    static var guestCommand: String {
        #"console=ttyS0 quiet -- sh -c \"echo BENCH-A; dd if=/dev/vda of=/dev/null bs=1M count=\#(mebibytes) iflag=direct 2>/dev/null; echo BENCH-B; dd if=/dev/zero of=/dev/vda bs=1M count=\#(mebibytes) oflag=direct 2>/dev/null; echo BENCH-C\""#
    }

    /// Timed in L2 as the guest's marker lines arrive on the console: the guest's own clock is not
    /// trusted to run at the same rate under both VMMs.
    static var script: String {
        #"""
        img=/tmp/bench.img
        dd if=/dev/zero of=$img bs=1M count=\#(mebibytes) 2>/dev/null
        cmd="\#(guestCommand)"
        stamp() {
            while IFS= read -r line; do
                case $line in
                    *BENCH-A*) a=$EPOCHREALTIME ;;
                    *BENCH-B*) b=$EPOCHREALTIME ;;
                    *BENCH-C*) echo "BENCH-TIMES $a $b $EPOCHREALTIME" ;;
                esac
            done
        }
        for pair in $(seq \#(pairs)); do
            echo "RUN vessel"
            vessel vm run --kernel "$VMLINUZ" --initrd "$INITRD" --cpus 1 --memory 256 --disk $img --cmdline "$cmd" | stamp
            echo "RUN qemu"
            "$QEMU" -M microvm -enable-kvm -cpu host -smp 1 -m 256 -nodefaults -no-user-config -nographic -serial stdio -no-reboot -kernel "$VMLINUZ" -initrd "$INITRD" -append "$cmd" -drive id=d0,file=$img,format=raw,if=none -device virtio-blk-device,drive=d0 | stamp
        done
        for pair in $(seq \#(pairs)); do
            echo "RUN l2"
            a=$EPOCHREALTIME; dd if=$img of=/dev/null bs=1M 2>/dev/null; b=$EPOCHREALTIME
            dd if=/dev/zero of=/tmp/bench-copy.img bs=1M count=\#(mebibytes) conv=fsync 2>/dev/null
            echo "BENCH-TIMES $a $b $EPOCHREALTIME"
            rm -f /tmp/bench-copy.img
        done
        """#
    }

    static func run() -> NestedSessionOutcome {
        guard let assets = IntegrationEnvironment.assets else {
            return .skipped("guest assets missing, run scripts/fetch-guest-assets")
        }
        guard let vessel = IntegrationEnvironment.vesselBinary else {
            return .failed("vessel binary not found next to the test bundle; set VESSEL_BINARY")
        }
        let configuration = TestbedConfiguration(
            assetsDirectory: assets.directory, vesselBinary: vessel, includeQEMU: true, includeVmlinux: false,
            onProgress: { print("vessel-testbed: \($0)") })
        do {
            let report = try Testbed(configuration: configuration).runReport(
                [Scenario(name: name, script: script, timeoutSeconds: 1800)])
            for result in report.results { print(result.output) }
            return .ran(report)
        } catch {
            return .failed("\(error)")
        }
    }
}
