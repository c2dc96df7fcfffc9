import Testing
import VesselVirtio
import VesselVirtioDevices

@Suite struct BlockDeviceSpecificationTests {
    @Test func parsesPathReadOnlyAndId() throws {
        let disk = try BlockDeviceSpecification.parse("/images/data.img,ro,id=data-1", isRoot: false)
        #expect(disk == BlockDeviceSpecification(path: "/images/data.img", readOnly: true, name: "data-1"))
        #expect(disk.kernelCommandLineAdditions.isEmpty)
        let plain = try BlockDeviceSpecification.parse("disk.img", isRoot: false)
        #expect(!plain.isReadOnly && plain.name == nil)
    }

    @Test func rootDiskSetsRootAndMode() throws {
        #expect(try BlockDeviceSpecification.parse("root.img", isRoot: true).kernelCommandLineAdditions
            == ["root=/dev/vda", "rw"])
        #expect(try BlockDeviceSpecification.parse("root.img,ro", isRoot: true).kernelCommandLineAdditions
            == ["root=/dev/vda", "ro"])
    }

    @Test(arguments: ["", ",ro", "a.img,rw", "a.img,ro,ro", "a.img,id=", "a.img,id=a,id=b", "a.img,id=has space",
                      "a.img,id=123456789012345678901", "a.img,"])
    func rejectsMalformedValues(_ value: String) {
        #expect(throws: VirtioError.self) { try BlockDeviceSpecification.parse(value, isRoot: false) }
    }

    @Test func missingImageFailsBeforeBoot() {
        let disk = BlockDeviceSpecification(path: "/nonexistent/vessel.img")
        #expect(throws: VirtioError.self) { try disk.checkImage() }
    }
}
