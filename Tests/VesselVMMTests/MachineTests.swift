import Foundation
import Logging
import Testing
import VesselFixtures
@testable import VesselVMM
import VesselVirtio
import VesselVirtioDevices

/// Whole-machine boots of tiny kernels on the host's own /dev/kvm (PVM runs these fine).
@Suite struct MachineTests {
    private func boot(_ image: [UInt8], cpus: Int = 1, memoryMiB: UInt64 = 32,
                      devices: [any VirtioDeviceSpecification] = []) throws -> (MachineExit, String) {
        let kernel = try TestHost.temporaryFile(named: "kernel", contents: image)
        defer { try? FileManager.default.removeItem(at: kernel.deletingLastPathComponent()) }
        let output = Pipe()
        let input = Pipe()
        let configuration = MachineConfiguration(
            kernelPath: kernel.path, memoryMiB: memoryMiB, vcpuCount: cpus, devices: devices)
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

    @Test func guestReachesVirtioDevicesThroughTheirMMIOWindows() throws {
        guard TestHost.hasKVM else { print("SKIP: /dev/kvm not available"); return }
        let devices: [any VirtioDeviceSpecification] = [EntropyDeviceSpecification(), NamedEntropy(identifier: "rng2")]
        let (firstExit, first) = try boot(TinyKernel.pvhELF(code: TinyKernel.virtioProbeCode(window: 0xD000_0000)),
                                          devices: devices)
        #expect(firstExit == .powerOff)
        #expect(first == "Y4")
        let (secondExit, second) = try boot(TinyKernel.pvhELF(code: TinyKernel.virtioProbeCode(window: 0xD000_1000)),
                                            devices: devices)
        #expect(secondExit == .powerOff)
        #expect(second == "Y4")
        // Past the last device nothing decodes the window: reads float high, so the magic does not match.
        let (_, beyond) = try boot(TinyKernel.pvhELF(code: TinyKernel.virtioProbeCode(window: 0xD000_2000)),
                                   devices: devices)
        #expect(beyond.first == "N")
    }

    @Test func duplicateDeviceIdentifiersAreRefused() throws {
        guard TestHost.hasKVM else { print("SKIP: /dev/kvm not available"); return }
        let kernel = try TestHost.temporaryFile(named: "kernel", contents: TinyKernel.bzImage())
        let configuration = MachineConfiguration(
            kernelPath: kernel.path, memoryMiB: 32, devices: [EntropyDeviceSpecification(), EntropyDeviceSpecification()])
        #expect {
            _ = try Machine(configuration: configuration, logger: Logger(label: "test"))
        } throws: { error in
            "\(error)" == "device id 'rng' is used twice"
        }
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
