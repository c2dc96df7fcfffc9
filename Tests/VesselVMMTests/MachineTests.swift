import Foundation
import Logging
import Testing
import VesselFixtures
@testable import VesselVMM

/// Whole-machine boots of tiny kernels on the host's own /dev/kvm (PVM runs these fine).
@Suite struct MachineTests {
    private func boot(_ image: [UInt8], cpus: Int = 1, memoryMiB: UInt64 = 32) throws -> (MachineExit, String) {
        let kernel = try TestHost.temporaryFile(named: "kernel", contents: image)
        defer { try? FileManager.default.removeItem(at: kernel.deletingLastPathComponent()) }
        let output = Pipe()
        let input = Pipe()
        let configuration = MachineConfiguration(kernelPath: kernel.path, memoryMiB: memoryMiB, vcpuCount: cpus)
        let machine = try Machine(
            configuration: configuration, logger: Logger(label: "test"),
            consoleOutput: output.fileHandleForWriting.fileDescriptor)
        let exit = try machine.run(input: input.fileHandleForReading.fileDescriptor)
        try output.fileHandleForWriting.close()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (exit, printed)
    }

    @Test func bzImageEntersLongModePrintsAndPowersOff() throws {
        guard TestHost.hasKVM else { print("SKIP: /dev/kvm not available"); return }
        let (exit, printed) = try boot(TinyKernel.bzImage(marker: UInt8(ascii: "L")))
        #expect(exit == .powerOff)
        #expect(printed == "L")
    }

    @Test func pvhELFEntersProtectedModePrintsAndPowersOff() throws {
        guard TestHost.hasKVM else { print("SKIP: /dev/kvm not available"); return }
        let (exit, printed) = try boot(TinyKernel.pvhELF(marker: UInt8(ascii: "P")))
        #expect(exit == .powerOff)
        #expect(printed == "P")
    }

    @Test func applicationProcessorsWaitForStartupAndDoNotRunTheEntry() throws {
        guard TestHost.hasKVM else { print("SKIP: /dev/kvm not available"); return }
        let (exit, printed) = try boot(TinyKernel.bzImage(marker: UInt8(ascii: "S")), cpus: 4)
        #expect(exit == .powerOff)
        // Only the boot processor ran the kernel entry, so the marker appears once.
        #expect(printed == "S")
    }

    @Test func refusesAKernelThatIsNotAKernel() throws {
        let garbage = try TestHost.temporaryFile(named: "garbage", contents: Array("hello, not a kernel".utf8))
        #expect(throws: VMMError.self) {
            _ = try Machine(configuration: MachineConfiguration(kernelPath: garbage.path), logger: Logger(label: "test"))
        }
    }

    @Test func refusesAnInitrdLargerThanMemory() throws {
        let kernel = try TestHost.temporaryFile(named: "kernel", contents: TinyKernel.bzImage())
        let initrd = try TestHost.temporaryFile(named: "initrd", contents: [UInt8](repeating: 7, count: 17 << 20))
        let configuration = MachineConfiguration(kernelPath: kernel.path, initrdPath: initrd.path, memoryMiB: 16)
        #expect(throws: VMMError.self) { _ = try BootInputs.load(for: configuration) }
    }
}
