import Testing
import VesselKVM

@Suite struct VCPUExitTests {
    @Test func descriptionsNameTheExitOnOneLine() {
        let exits: [(VCPUExit, String)] = [
            (.failEntry(reason: 0x80000021), "KVM_EXIT_FAIL_ENTRY (hardware reason 0x80000021)"),
            (.shutdown, "KVM_EXIT_SHUTDOWN (triple fault)"),
            (.internalError(suberror: 1), "KVM_EXIT_INTERNAL_ERROR (suberror 1)"),
            (.systemEvent(type: 2), "KVM_EXIT_SYSTEM_EVENT (type 2)"),
            (.unhandled(reason: 4), "KVM_EXIT_DEBUG (not handled)"),
            (.unhandled(reason: 250), "KVM exit reason 250 (not handled)"),
            (.interrupted, "KVM_EXIT_INTR (interrupted)"),
        ]
        for (exit, expected) in exits {
            #expect(exit.description == expected)
        }
    }

    @Test func portOutDescriptionShowsTheBytes() {
        let bytes: [UInt8] = [0x0A, 0xFF]
        bytes.withUnsafeBytes { data in
            let exit = VCPUExit.portOut(port: 0x3F8, size: 1, count: 2, data: data)
            #expect(exit.description == "KVM_EXIT_IO out to port 0x3f8 (1 bytes x 2): 0a ff")
        }
    }

    @Test func errorDescriptionsNameTheOperation() {
        #expect(KVMError.ioctlFailed(operation: "KVM_CREATE_VM", errno: 12).description
                == "KVM_CREATE_VM failed: Cannot allocate memory (errno 12)")
        #expect(KVMError.msrsRejected(set: 3, requested: 5, rejected: 0x10A).description
                == "KVM_SET_MSRS set only 3 of 5 MSRs; MSR 0x10a was rejected")
    }
}
