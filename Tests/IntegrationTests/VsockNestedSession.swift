import Foundation
import VesselTestbed

/// One L2 session for the vsock scenarios: `vsock-pipe` (scripts/vsock-pipe.c, built static at test
/// time) in L2, and the same tool plus the guest script in an initramfs appended to the guest's initrd.
enum VsockNestedSession {
    enum Name {
        static let transfer = "vessel-vsock-transfer"
    }

    /// The L2 side: listens on PATH_6000 for the guest's 10 MiB, and connects to guest port 5000
    /// through PATH with `CONNECT 5000` to send its own 10 MiB; both streams run at once.
    static let transferScript = #"""
        cat "$INITRD" /vsock/vsock-guest.cpio.gz >/tmp/initrd-vsock
        head -c 10485760 /dev/urandom >/tmp/host-data
        echo "HOST-SENT-SHA $(sha256sum </tmp/host-data | cut -d' ' -f1)"
        vsock-pipe listen-uds /tmp/v.sock_6000 </dev/null >/tmp/from-guest 2>/tmp/listen.log &
        listener=$!
        vessel vm run --vsock cid=3,uds=/tmp/v.sock --kernel "$VMLINUZ" --initrd /tmp/initrd-vsock --memory 256 \
            --cmdline "console=ttyS0 quiet -- sh /vsock-transfer.sh" >/tmp/vm.out 2>&1 &
        vm=$!
        tries=0
        until vsock-pipe connect-uds /tmp/v.sock 5000 </tmp/host-data >/dev/null 2>>/tmp/connect.log; do
            tries=$((tries + 1))
            [ $tries -ge 240 ] && break
            sleep 1
        done
        wait $vm
        echo "vessel exit status $?"
        wait $listener
        echo "HOST-RECEIVED-SHA $(sha256sum </tmp/from-guest | cut -d' ' -f1) $(wc -c </tmp/from-guest)"
        tail -n 1 /tmp/connect.log
        cat /tmp/listen.log
        cat /tmp/vm.out
        if [ -e /tmp/v.sock ]; then echo "SOCKET-LEFT-BEHIND"; fi
        """#

    static var repositoryRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }

    /// Runs scripts/build-vsock-tools into a fresh directory; returns it.
    static func buildTools() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vessel-vsock-tools-\(getpid())").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: repositoryRoot + "/scripts/build-vsock-tools")
        process.arguments = [directory]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "scripts/build-vsock-tools failed"])
        }
        return directory
    }

    static let outcome: NestedSessionOutcome = {
        guard let assets = IntegrationEnvironment.assets else {
            return .skipped("guest assets missing, run scripts/fetch-guest-assets")
        }
        guard let vessel = IntegrationEnvironment.vesselBinary else {
            return .failed("vessel binary not found next to the test bundle; set VESSEL_BINARY")
        }
        let tools: String
        do {
            tools = try buildTools()
        } catch {
            return .failed("\(error.localizedDescription) (needs cc with static glibc, cpio, gzip)")
        }
        defer { try? FileManager.default.removeItem(atPath: tools) }
        let configuration = TestbedConfiguration(
            assetsDirectory: assets.directory, vesselBinary: vessel, includeQEMU: false, includeVmlinux: false,
            extraFiles: ["/usr/local/bin/vsock-pipe": tools + "/vsock-pipe",
                         "/vsock/vsock-guest.cpio.gz": tools + "/vsock-guest.cpio.gz"],
            onProgress: { print("vessel-testbed: \($0)") })
        do {
            let scenarios = [Scenario(name: Name.transfer, script: transferScript, timeoutSeconds: 600)]
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
}
