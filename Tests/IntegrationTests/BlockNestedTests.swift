import Testing
import VesselTestbed

extension NestedTestbedTests {
/// virtio-blk with Debian's kernel inside the nested test bed (one shared L2 session).
@Suite("Nested virtio-blk")
struct BlockNestedTests {
    @Test("the guest boots from an ext4 root disk, reads a planted file, and its new file is in the image")
    func rootDisk() throws {
        guard let result = try BlockNestedSession.outcome.scenario(BlockNestedSession.Name.rootDisk) else { return }
        let token = BlockNestedSession.token
        #expect(result.output.contains("vessel-guest: root /dev/vda mounted rw"), "\(result.output)")
        #expect(result.output.contains("GUEST-READ \(BlockNestedImages.plantedText(token: token))"), "\(result.output)")
        #expect(result.output.contains("SERIAL vessel-data"), "\(result.output)")
        #expect(result.output.contains("DATA \(BlockNestedImages.dataLine(token: token))"), "\(result.output)")
        #expect(result.output.contains("vessel-exit 0"), "\(result.output)")
        #expect(result.output.contains("HOST-READ \(BlockNestedSession.writtenText)"),
                "the file the guest wrote is not in the image:\n\(result.output)")
    }

    @Test("read-only disks refuse writes and their images stay byte-for-byte the same")
    func readOnlyDisks() throws {
        guard let result = try BlockNestedSession.outcome.scenario(BlockNestedSession.Name.readOnly) else { return }
        #expect(result.output.contains("vessel-guest: root /dev/vda mounted ro"), "\(result.output)")
        #expect(result.output.contains("ROOT-WRITE-REFUSED"), "\(result.output)")
        #expect(result.output.contains("DATA-RO-FLAG 1"), "\(result.output)")
        #expect(result.output.contains("DATA-WRITE-REFUSED"), "\(result.output)")
        #expect(!result.output.contains("SUCCEEDED"), "\(result.output)")
        #expect(result.output.contains("vessel-exit 0"), "\(result.output)")
        #expect(result.output.contains("IMAGES-UNCHANGED"), "\(result.output)")
    }

    @Test("bad --disk and --root-disk values exit 2 with one line and leave nothing behind")
    func badInput() throws {
        guard let result = try BlockNestedSession.outcome.scenario(BlockNestedSession.Name.badInput) else { return }
        let lines = result.output.split(separator: "\n").filter { $0.hasPrefix("BAD [") }
        #expect(lines.count == 5, "\(result.output)")
        for line in lines {
            #expect(line.contains("exit=2 lines=1 files=0: vessel: "), "\(line)")
        }
    }
}
}
