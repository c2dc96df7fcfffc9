import Foundation
import VesselTestbed

/// The one L2 session the nested virtio-blk tests share: boot from an ext4 root disk, a read-only disk,
/// and bad --disk values.
enum BlockNestedSession {
    static let token = String(UInt64.random(in: 1...UInt64.max), radix: 36)

    enum Name {
        static let rootDisk = "vessel-blk-root"
        static let readOnly = "vessel-blk-read-only"
        static let badInput = "vessel-blk-bad-input"
    }

    static var writtenText: String { "written-by-guest-\(token)" }

    /// The guest reads the planted file and the data disk's first line and serial, writes a file on its
    /// root; after vessel exits, L2 reads that file back out of the image with debugfs.
    static var rootDiskScript: String {
        #"""
        vessel vm run --kernel "$VMLINUZ" --initrd "$INITRD" --memory 256 --root-disk /vblk/root.img --disk /vblk/data.img,id=vessel-data --cmdline "console=ttyS0 quiet -- sh -c \"echo GUEST-READ \$(cat /planted.txt); echo SERIAL \$(cat /sys/block/vdb/serial); echo DATA \$(head -n 1 /dev/vdb); echo \#(writtenText) > /written.txt; sync\""
        echo "vessel-exit $?"
        echo "HOST-READ $(debugfs -R 'cat /written.txt' /vblk/root.img 2>/dev/null)"
        """#
    }

    /// Both disks read-only: the root file system refuses a new file, a raw write to the data disk fails,
    /// and neither image changes by a byte.
    static let readOnlyScript = #"""
        cp /vblk/root.img /tmp/root-ro.img
        cp /vblk/data.img /tmp/data-ro.img
        before=$(md5sum /tmp/root-ro.img /tmp/data-ro.img | cut -d' ' -f1 | tr '\n' ' ')
        vessel vm run --kernel "$VMLINUZ" --initrd "$INITRD" --memory 256 --root-disk /tmp/root-ro.img,ro --disk /tmp/data-ro.img,ro --cmdline "console=ttyS0 quiet -- sh -c \"touch /new-file && echo ROOT-WRITE-SUCCEEDED || echo ROOT-WRITE-REFUSED; echo DATA-RO-FLAG \$(cat /sys/block/vdb/ro); dd if=/dev/zero of=/dev/vdb bs=4096 count=1 oflag=direct && echo DATA-WRITE-SUCCEEDED || echo DATA-WRITE-REFUSED\""
        echo "vessel-exit $?"
        after=$(md5sum /tmp/root-ro.img /tmp/data-ro.img | cut -d' ' -f1 | tr '\n' ' ')
        [ "$before" = "$after" ] && echo "IMAGES-UNCHANGED" || echo "IMAGES-CHANGED"
        """#

    /// Each bad value: exit status 2, one line on stderr, nothing left in the working directory.
    static let badInputScript = #"""
        mkdir -p /tmp/bad && cd /tmp/bad
        for args in "--disk /vblk/missing.img" "--disk /vblk/data.img,bogus" "--disk /vblk/data.img,id=a --disk /vblk/data.img,id=a" "--root-disk /vblk/data.img,id=" "--disk /tmp"; do
            vessel vm run --kernel "$VMLINUZ" --initrd "$INITRD" $args >/dev/null 2>/tmp/bad-err
            status=$?
            echo "BAD [$args] exit=$status lines=$(wc -l </tmp/bad-err) files=$(ls -A /tmp/bad | wc -l): $(cat /tmp/bad-err)"
        done
        """#

    static func scenarios() -> [Scenario] {
        [Scenario(name: Name.rootDisk, script: rootDiskScript, timeoutSeconds: 300),
         Scenario(name: Name.readOnly, script: readOnlyScript, timeoutSeconds: 300),
         Scenario(name: Name.badInput, script: badInputScript, timeoutSeconds: 120)]
    }

    static let outcome: NestedSessionOutcome = {
        guard let assets = IntegrationEnvironment.assets else {
            return .skipped("guest assets missing, run scripts/fetch-guest-assets")
        }
        guard let vessel = IntegrationEnvironment.vesselBinary else {
            return .failed("vessel binary not found next to the test bundle; set VESSEL_BINARY")
        }
        let images: BlockNestedImages
        switch BlockNestedImages.build(token: token) {
        case .success(let built): images = built
        case .failure(let error): return .skipped(error.reason)
        }
        defer { images.remove() }
        let configuration = TestbedConfiguration(
            assetsDirectory: assets.directory, vesselBinary: vessel, includeQEMU: false, includeVmlinux: false,
            extraFiles: ["/vblk/root.img": images.rootImage, "/vblk/data.img": images.dataImage,
                         "/usr/sbin/debugfs": "/usr/sbin/debugfs"],
            onProgress: { print("vessel-testbed: \($0)") })
        do {
            let report = try Testbed(configuration: configuration).runReport(scenarios())
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
