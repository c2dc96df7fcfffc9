import Foundation
import VesselTestbed

/// The one L2 session all nested boot tests share (an L2 boot costs tens of seconds of CPU).
enum NestedBootSession {
    static let token = String(UInt64.random(in: 1...UInt64.max), radix: 36)

    enum Name {
        static let bzImage = "vessel-bzimage"
        static let pvh = "vessel-pvh-vmlinux"
        static let qemuMicrovm = "qemu-microvm"
        static let consoleInput = "vessel-console-input"
        static let keyboardReboot = "vessel-i8042-reboot"
        static let sigterm = "vessel-sigterm"
        static let entropy = "vessel-virtio-rng"
    }

    /// Types into the guest's shell once init is up: checks that host input reaches the UART's receiver.
    static let consoleInputScript = #"""
        mkfifo /tmp/console-in
        exec 3<>/tmp/console-in
        vessel vm run --kernel "$VMLINUZ" --initrd "$INITRD" --cmdline "console=ttyS0 quiet" </tmp/console-in >/tmp/console-out 2>&1 &
        pid=$!
        while ! grep -q "init reached" /tmp/console-out; do sleep 0.2; done
        sleep 2
        printf 'echo TYPED-$((6*7))\nexit\n' >&3
        wait $pid
        status=$?
        cat /tmp/console-out
        exit $status
        """#

    /// `reboot -f` with reboot=k goes through the i8042's reset line; vessel ends the VM and exits 0.
    static let keyboardRebootScript = #"""
        vessel vm run --kernel "$VMLINUZ" --initrd "$INITRD" --cmdline "console=ttyS0 quiet reboot=k -- reboot -f" 2>/tmp/reboot-err
        status=$?
        echo "stderr: $(cat /tmp/reboot-err)"
        exit $status
        """#

    /// SIGTERM while the guest boots: vessel stops the VM cleanly and reports 128+15.
    static let sigtermScript = #"""
        vessel vm run --kernel "$VMLINUZ" --initrd "$INITRD" --cpus 2 --cmdline "console=ttyS0 quiet -- sleep 600" >/tmp/term-out 2>&1 &
        pid=$!
        while ! grep -q "init reached" /tmp/term-out; do sleep 0.2; done
        kill -TERM $pid
        wait $pid
        echo "vessel exit status $?"
        """#

    /// The guest's virtio-rng driver finds the device in the DSDT and reads host entropy from /dev/hwrng.
    static let entropyScript = #"""
        vessel vm run --rng --kernel "$VMLINUZ" --initrd "$INITRD" --cmdline "console=ttyS0 quiet -- sh -c \"cat /sys/class/misc/hw_random/rng_current; echo HWRNG-BYTES \$(head -c 4096 /dev/hwrng | wc -c); head -c 32 /dev/hwrng | od -An -tx1\""
        """#

    static func scenarios(includeVessel: Bool) -> [Scenario] {
        let cmdline = ShellQuoting.quote(GuestReport.commandLine(token: token))
        var scenarios: [Scenario] = []
        if includeVessel {
            scenarios.append(Scenario(
                name: Name.bzImage,
                script: #"vessel vm run --kernel "$VMLINUZ" --initrd "$INITRD" --cpus 2 --memory 256 --cmdline "# + cmdline,
                timeoutSeconds: 240))
            scenarios.append(Scenario(
                name: Name.pvh,
                script: #"vessel vm run --kernel "$VMLINUX" --initrd "$INITRD" --cpus 2 --memory 256 --cmdline "# + cmdline,
                timeoutSeconds: 240))
            scenarios.append(Scenario(name: Name.consoleInput, script: consoleInputScript, timeoutSeconds: 240))
            scenarios.append(Scenario(name: Name.keyboardReboot, script: keyboardRebootScript, timeoutSeconds: 240))
            scenarios.append(Scenario(name: Name.sigterm, script: sigtermScript, timeoutSeconds: 240))
            scenarios.append(Scenario(name: Name.entropy, script: entropyScript, timeoutSeconds: 240))
        }
        scenarios.append(Scenario(
            name: Name.qemuMicrovm,
            script: #""$QEMU" -M microvm -enable-kvm -cpu host -smp 2 -m 256 -nodefaults -no-user-config "#
                + #"-nographic -serial stdio -no-reboot -kernel "$VMLINUZ" -initrd "$INITRD" -append "# + cmdline,
            timeoutSeconds: 240))
        return scenarios
    }

    static let outcome: NestedSessionOutcome = {
        guard let assets = IntegrationEnvironment.assets else {
            return .skipped("guest assets missing, run scripts/fetch-guest-assets")
        }
        let vessel = IntegrationEnvironment.vesselBinary
        let configuration = TestbedConfiguration(
            assetsDirectory: assets.directory, vesselBinary: vessel, includeQEMU: true, includeVmlinux: true,
            onProgress: { print("vessel-testbed: \($0)") })
        do {
            let report = try Testbed(configuration: configuration).runReport(scenarios(includeVessel: vessel != nil))
            for result in report.results {
                print("=== \(result.name): exit \(result.exitStatus.map(String.init) ?? "none"), attempt \(result.attempts)")
                print(result.output)
            }
            return .ran(report)
        } catch {
            return .failed("\(error)")
        }
    }()
}
