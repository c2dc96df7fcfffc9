#if canImport(Glibc)
import Glibc
#endif
import Testing
import VesselKVM

@Suite struct HostDiagnosisTests {
    @Test func thisHostIsDiagnosedByItsKVMModule() throws {
        guard KVMTestHost.openSystem() != nil else { return }
        let diagnosis = KVMSystem.diagnoseHost()
        guard access("/sys/module/kvm_pvm", F_OK) == 0 else {
            // A host with hardware virtualization.
            #expect(diagnosis == .usable(apiVersion: 12))
            return
        }
        #expect(diagnosis == .pvmHost(apiVersion: 12))
        #expect(!diagnosis.isUsable)
        #expect(diagnosis.canCreateVirtualMachines)
        #expect(diagnosis.message.contains("vessel-testbed"))
        #expect(diagnosis.message.contains("kvm_intel/kvm_amd"))
        #expect(!diagnosis.message.contains("\n"))
    }

    @Test func withoutThePVMModuleTheSameDeviceIsUsable() throws {
        guard KVMTestHost.openSystem() != nil else { return }
        let diagnosis = KVMSystem.diagnoseHost(pvmModulePath: "/nonexistent/kvm_pvm")
        #expect(diagnosis == .usable(apiVersion: 12))
        #expect(diagnosis.isUsable)
    }

    @Test func missingDeviceIsDiagnosed() {
        let diagnosis = KVMSystem.diagnoseHost(path: "/dev/vessel-no-such-kvm")
        #expect(diagnosis == .missingDevice(path: "/dev/vessel-no-such-kvm"))
        #expect(diagnosis.message.contains("/dev/vessel-no-such-kvm"))
        #expect(!diagnosis.message.contains("\n"))
    }

    @Test func aDeviceThatIsNotKVMIsUnavailable() {
        // /dev/null opens but rejects the KVM ioctls.
        let diagnosis = KVMSystem.diagnoseHost(path: "/dev/null")
        guard case let .unavailable(path, code) = diagnosis else {
            Issue.record("expected unavailable, got \(diagnosis)"); return
        }
        #expect(path == "/dev/null" && code != 0)
    }

    @Test func openingAMissingDeviceThrowsOneLine() {
        #expect(throws: KVMError.self) { try KVMSystem(path: "/dev/vessel-no-such-kvm") }
        do {
            _ = try KVMSystem(path: "/dev/vessel-no-such-kvm")
        } catch {
            #expect("\(error)" == "cannot open /dev/vessel-no-such-kvm: No such file or directory (errno 2)")
        }
    }
}
