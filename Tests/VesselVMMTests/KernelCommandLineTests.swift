import Testing
@testable import VesselVMM

@Suite struct KernelCommandLineTests {
    @Test func parametersAreAppendedWithoutAnInitSeparator() {
        #expect(KernelCommandLine.inserting(["root=/dev/vda"], into: "console=ttyS0") == "console=ttyS0 root=/dev/vda")
        #expect(KernelCommandLine.inserting(["a=1", "b=2"], into: "") == "a=1 b=2")
        #expect(KernelCommandLine.inserting([], into: "console=ttyS0 -- x") == "console=ttyS0 -- x")
    }

    @Test func parametersGoBeforeTheArgumentsForInit() {
        #expect(KernelCommandLine.inserting(["root=/dev/vda"], into: "console=ttyS0 -- sh -c \"echo -- hi\"")
                == "console=ttyS0 root=/dev/vda -- sh -c \"echo -- hi\"")
        #expect(KernelCommandLine.inserting(["x=1"], into: "-- init-arg") == "x=1 -- init-arg")
    }

    @Test func doubleDashesInsideQuotesOrWordsAreNotSeparators() {
        #expect(KernelCommandLine.inserting(["x=1"], into: "a=\"-- b\" c--d --flag")
                == "a=\"-- b\" c--d --flag x=1")
    }

    @Test func layoutGivesEachDeviceAWindowAndAnInterrupt() throws {
        #expect(VirtioDeviceLayout.slot(0).base == 0xD000_0000)
        #expect(VirtioDeviceLayout.slot(1).base == 0xD000_1000)
        #expect(VirtioDeviceLayout.slot(0).interrupt == 5)
        #expect(VirtioDeviceLayout.slot(3).interrupt == 9)
        #expect(!VirtioDeviceLayout.interrupts.contains(8) && !VirtioDeviceLayout.interrupts.contains(4))
        #expect(VirtioDeviceLayout.commandLineParameter(1) == "virtio_mmio.device=4K@0xd0001000:6")
        #expect(try VirtioDeviceLayout.acpiDescription(2).name == "V002")
    }
}
